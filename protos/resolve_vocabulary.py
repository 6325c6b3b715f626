"""Resolve's vocabulary, as both sides speak it: marker and clip colours, the metadata fields derush writes,
and how derush marks its own markers (docs/resolve-emulator.md §5, §7; docs/interchange.md §3).

One copy of each fact: the analyzers colour their markers from here, the Resolve side recognises derush's
markers from here, the emulator validates colours from here and the file writers translate colours from here.
"""

from __future__ import annotations

# The 16 marker colours (PYI MarkerColor; FlagColor is the same list).
MARKER_COLORS = (
    "Blue", "Cyan", "Green", "Yellow", "Red", "Pink", "Purple", "Fuchsia",
    "Rose", "Lavender", "Sky", "Mint", "Lemon", "Sand", "Cocoa", "Cream",
)
FLAG_COLORS = MARKER_COLORS
DEFAULT_MARKER_COLOR = "Blue"  # what Resolve gives a marker when none is said

# The 16 clip colours (PYI ClipColor): the Edit-page palette, the same on MediaPoolItem and TimelineItem.
CLIP_COLORS = (
    "Orange", "Apricot", "Yellow", "Lime", "Olive", "Green", "Teal", "Navy",
    "Blue", "Purple", "Violet", "Pink", "Tan", "Beige", "Brown", "Chocolate",
)

# DeleteMarkersByColor / ClearFlags also take "All".
ALL = "All"

# Resolve colour -> OTIO marker colour. OTIO has 11 colour names and Resolve 16: Resolve's own exporter
# writes Mint as GREEN (interchange fixtures F2, F3). Only the 7 names both sides share are known to import
# back into Resolve (ORANGE, MAGENTA, BLACK and WHITE are unknown there), so every colour folds onto one of
# those 7, the nearest hue (docs/interchange.md §3 "Marker colours in OTIO").
MARKER_TO_OTIO = {
    "Blue": "BLUE", "Cyan": "CYAN", "Green": "GREEN", "Yellow": "YELLOW", "Red": "RED", "Pink": "PINK",
    "Purple": "PURPLE", "Fuchsia": "PINK", "Rose": "PINK", "Lavender": "PURPLE", "Sky": "CYAN",
    "Mint": "GREEN", "Lemon": "YELLOW", "Sand": "YELLOW", "Cocoa": "RED", "Cream": "YELLOW",
}
# OTIO colour -> Resolve colour on import: the 7 shared names exactly, Blue for the rest.
OTIO_TO_MARKER = {
    "BLUE": "Blue", "CYAN": "Cyan", "GREEN": "Green", "YELLOW": "Yellow", "RED": "Red", "PINK": "Pink",
    "PURPLE": "Purple",
}

# derush's marker categories, one colour each, so an editor reads a clip's markers at a glance.
CATEGORY_COLORS = {
    "speech": "Blue",
    "speaker": "Purple",
    "shot": "Cyan",
    "silence": "Sand",
    "slate": "Yellow",
    "problem": "Red",
    "custom": "Lavender",
}

# A marker's customData starts with this when derush wrote it: "Undo derush" removes those and nothing else.
CUSTOM_DATA_PREFIX = "derush"


def custom_data(category: str) -> str:
    """The customData of a derush marker of ``category``."""
    return f"{CUSTOM_DATA_PREFIX}:{category}"


def is_derush_custom_data(value: object) -> bool:
    return isinstance(value, str) and value.startswith(CUSTOM_DATA_PREFIX + ":")


def marker_color_to_otio(color: str) -> str:
    return MARKER_TO_OTIO.get(color, MARKER_TO_OTIO[DEFAULT_MARKER_COLOR])


def marker_color_from_otio(color: object) -> str:
    return OTIO_TO_MARKER.get(str(color).upper(), DEFAULT_MARKER_COLOR)


def is_marker_color(value: object) -> bool:
    return isinstance(value, str) and value in MARKER_COLORS


def is_clip_color(value: object) -> bool:
    return isinstance(value, str) and value in CLIP_COLORS
