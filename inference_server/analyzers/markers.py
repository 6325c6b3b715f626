"""Resolve marker colours and the category each one means in derush (see docs/markers.md)."""

from __future__ import annotations

# The 16 colours Resolve accepts for markers (resolve_api.md §5).
RESOLVE_MARKER_COLORS = (
    "Blue", "Cyan", "Green", "Yellow", "Red", "Pink", "Purple", "Fuchsia",
    "Rose", "Lavender", "Sky", "Mint", "Lemon", "Sand", "Cocoa", "Cream",
)

# One colour per category, so an editor can read a clip's markers at a glance.
CATEGORY_COLORS = {
    "speech": "Blue",
    "speaker": "Purple",
    "shot": "Cyan",
    "silence": "Sand",
    "slate": "Yellow",
    "problem": "Red",
    "custom": "Lavender",
}

CUSTOM_DATA_PREFIX = "derush"


def custom_data(category: str) -> str:
    """Marks a marker as derush's own, so that "Undo derush" can find it and nothing else."""
    return f"{CUSTOM_DATA_PREFIX}:{category}"
