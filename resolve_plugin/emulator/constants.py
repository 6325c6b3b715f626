"""``resolve.*`` enum constants (§8, §10). Their numeric values are not documented (the PYI types them as float);
the emulation picks its own, as §8 allows. Scripts must pass the constant, never its name as a string."""

from __future__ import annotations

EXPORT_TYPES = (
    "EXPORT_AAF", "EXPORT_DRT", "EXPORT_EDL", "EXPORT_FCP_7_XML", "EXPORT_FCPXML_1_8", "EXPORT_FCPXML_1_9",
    "EXPORT_FCPXML_1_10", "EXPORT_HDR_10_PROFILE_A", "EXPORT_HDR_10_PROFILE_B", "EXPORT_TEXT_CSV", "EXPORT_TEXT_TAB",
    "EXPORT_DOLBY_VISION_VER_2_9", "EXPORT_DOLBY_VISION_VER_4_0", "EXPORT_DOLBY_VISION_VER_5_1", "EXPORT_OTIO",
    "EXPORT_ALE", "EXPORT_ALE_CDL",
)
EXPORT_SUBTYPES = (
    "EXPORT_NONE", "EXPORT_AAF_NEW", "EXPORT_AAF_EXISTING", "EXPORT_CDL", "EXPORT_SDL", "EXPORT_MISSING_CLIPS",
)
AUDIO_SYNC = (
    "AUDIO_SYNC_MODE", "AUDIO_SYNC_WAVEFORM", "AUDIO_SYNC_TIMECODE", "AUDIO_SYNC_CHANNEL_NUMBER",
    "AUDIO_SYNC_RETAIN_EMBEDDED_AUDIO", "AUDIO_SYNC_RETAIN_VIDEO_METADATA",
)
SUBTITLE = (
    "SUBTITLE_LANGUAGE", "SUBTITLE_CAPTION_PRESET", "SUBTITLE_CHARS_PER_LINE", "SUBTITLE_LINE_BREAK", "SUBTITLE_GAP",
)

CONSTANTS: dict[str, int] = {}
for _base, _names in ((100, EXPORT_TYPES), (200, EXPORT_SUBTYPES), (300, AUDIO_SYNC), (400, SUBTITLE)):
    for _offset, _name in enumerate(_names):
        CONSTANTS[_name] = _base + _offset

# AUDIO_SYNC_CHANNEL_NUMBER takes -1 (automatic), -2 (mix) or 1..n (§10).
AUDIO_SYNC_AUTOMATIC = -1
AUDIO_SYNC_MIX = -2
