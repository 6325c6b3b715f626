"""The colour vocabularies Resolve accepts: 16 marker/flag colours and 16 clip colours (resolve_api.md §5, §7)."""

from __future__ import annotations

# §5, PYI MarkerColor (FlagColor is identical).
MARKER_COLORS = (
    "Blue", "Cyan", "Green", "Yellow", "Red", "Pink", "Purple", "Fuchsia",
    "Rose", "Lavender", "Sky", "Mint", "Lemon", "Sand", "Cocoa", "Cream",
)
FLAG_COLORS = MARKER_COLORS

# §7, PYI ClipColor: the Edit-page palette, identical on MediaPoolItem and TimelineItem.
CLIP_COLORS = (
    "Orange", "Apricot", "Yellow", "Lime", "Olive", "Green", "Teal", "Navy",
    "Blue", "Purple", "Violet", "Pink", "Tan", "Beige", "Brown", "Chocolate",
)

# DeleteMarkersByColor / ClearFlags also take "All" (§4, §5).
ALL = "All"

# interchange.md §3.2: Resolve writes upper-case OTIO colours; 16 Resolve colours fold onto 11 OTIO ones.
# Resolve's exporter writes "Mint" as GREEN; the other folds are ours, picked to the nearest hue.
MARKER_TO_OTIO = {
    "Blue": "BLUE", "Cyan": "CYAN", "Green": "GREEN", "Yellow": "YELLOW", "Red": "RED", "Pink": "PINK",
    "Purple": "PURPLE", "Fuchsia": "MAGENTA", "Rose": "PINK", "Lavender": "PURPLE", "Sky": "CYAN",
    "Mint": "GREEN", "Lemon": "YELLOW", "Sand": "ORANGE", "Cocoa": "ORANGE", "Cream": "WHITE",
}
# What Resolve does with ORANGE, MAGENTA, BLACK, WHITE on import is unknown (interchange.md §3.2): we map the
# seven shared names exactly and fall back to Blue, Resolve's default marker colour, for the rest.
OTIO_TO_MARKER = {
    "BLUE": "Blue", "CYAN": "Cyan", "GREEN": "Green", "YELLOW": "Yellow", "RED": "Red", "PINK": "Pink",
    "PURPLE": "Purple",
}
DEFAULT_MARKER_COLOR = "Blue"


def is_marker_color(value: object) -> bool:
    return isinstance(value, str) and value in MARKER_COLORS


def is_clip_color(value: object) -> bool:
    return isinstance(value, str) and value in CLIP_COLORS
