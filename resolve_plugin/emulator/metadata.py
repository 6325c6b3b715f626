"""Clip metadata: the fields Resolve's metadata panel has, their clip-property twins, and the write rules (§6)."""

from __future__ import annotations

from resolve_plugin.emulator.product import Product

# §6 "Common keys" and camera fields, plus the panel's other fields in the same groups. Exact spelling matters
# ("Day / Night", "#"). Whether an unknown key is refused is open (§14): we refuse it, since the panel is a fixed
# schema, and say so here.
FIELDS = (
    "Keywords", "Comments", "Description", "Scene", "Shot", "Take", "Good Take", "Angle", "Move", "Camera #",
    "Roll Card #", "Reel Name", "Reel Number", "Clip Number", "Day / Night", "Environment", "Shot Type",
    "Shoot Day", "Date Recorded", "People", "Location", "Setup", "Program Name", "Episode #", "Episode Name",
    "Camera Type", "Camera Manufacturer", "Camera Serial #", "Camera ID", "Camera Notes", "Camera Format",
    "ISO", "Lens Type", "Lens Number", "Lens Notes", "Focal Point (mm)", "Distance", "Filter", "Shutter",
    "Shutter Angle", "Shutter Speed", "Aperture", "White Point (Kelvin)", "White Balance Tint", "Sound Roll #",
    "Audio Notes", "Title", "Producer", "Director", "Production Name", "Production Company", "Script Supervisor",
    "Unit Name", "Scene Description",
)

# Clip properties that are views of metadata fields (§6: "the clip-property twin is Keyword", "Roll/Card").
PROPERTY_TWINS = {
    "Keyword": "Keywords", "Roll/Card": "Roll Card #", "Comments": "Comments", "Description": "Description",
    "Scene": "Scene", "Shot": "Shot", "Take": "Take", "Good Take": "Good Take", "Angle": "Angle",
    "Camera #": "Camera #", "Reel Name": "Reel Name",
}


def write(metadata: dict[str, str], key: str, value: str, product: Product, derive_reel_names: bool) -> bool:
    """One ``SetMetadata(key, value)``: True when Resolve would answer True (even where it then drops the value)."""
    if not isinstance(key, str) or not isinstance(value, str) or key not in FIELDS:
        return False
    if key == "Good Take" and product.at_least((21, 1)):
        # §6 conflicting: community code writes it, VC [obs 21.1] says the API cannot. We take both at their
        # word: accepted before 21.1, refused from 21.1.
        return False
    if key == "Reel Name" and derive_reel_names:
        # §6 LIM [obs 21.0.0]: True, but dropped when the project derives reel names.
        return True
    if value == "":
        metadata.pop(key, None)  # an emptied field is no longer "set" (§6: GetMetadata lists set fields only)
    else:
        metadata[key] = value
    return True
