"""Project and timeline settings: string values, the documented keys, and which values a setter accepts (§9)."""

from __future__ import annotations

from fractions import Fraction

from protos.timecode import normalise_rate

# The frame rates Resolve's UI offers (§9: "one of the UI rates"); "DF" marks drop frame.
UI_RATES = (
    "16", "18", "23.976", "24", "25", "29.97", "30", "47.952", "48", "50", "59.94", "60", "72", "95.904", "96",
    "100", "119.88", "120",
)
DROP_FRAME_RATES = ("29.97", "59.94")

PROJECT_KEYS = (
    "timelineFrameRate", "timelineResolutionWidth", "timelineResolutionHeight", "timelinePixelAspectRatio",
    "timelineDropFrameTimecode", "timelinePlaybackFrameRate", "timelineSampleRate", "superScale",
    "colorScienceMode", "transcriptionLanguage", "speakerDetection", "nodeStackLayers",
)
TIMELINE_KEYS = (
    "useCustomSettings", "timelineFrameRate", "timelineResolutionWidth", "timelineResolutionHeight",
    "timelinePixelAspectRatio", "timelineDropFrameTimecode", "timelinePlaybackFrameRate", "timelineSampleRate",
)
# §9 LIM [obs 20.2]: SetSetting('timelinePlaybackFrameRate') is always False.
READ_ONLY = ("timelinePlaybackFrameRate",)
PIXEL_ASPECT_RATIOS = ("square", "16:9 anamorphic", "4:3 standard definition", "cinemascope")


def default_project_settings(frame_rate: str = "24") -> dict[str, str]:
    rate = parse_rate(frame_rate)
    if rate is None:
        raise ValueError(f"frame_rate must be one of Resolve's UI rates {UI_RATES}, not {frame_rate!r}")
    text, _, drop = rate
    return {
        "timelineFrameRate": text, "timelineResolutionWidth": "1920", "timelineResolutionHeight": "1080",
        "timelinePixelAspectRatio": "square", "timelineDropFrameTimecode": "1" if drop else "0",
        "timelinePlaybackFrameRate": text.removesuffix(" DF"), "timelineSampleRate": "48000", "superScale": "0",
        "colorScienceMode": "davinciYRGB", "transcriptionLanguage": "auto", "speakerDetection": "0",
        "nodeStackLayers": "1",
    }


def parse_rate(value: str) -> tuple[str, Fraction, bool] | None:
    """``"29.97 DF"`` -> ("29.97 DF", 30000/1001, True); None for a rate the UI does not offer."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    drop = text.endswith(" DF")
    number = text.removesuffix(" DF").strip()
    try:
        numeric = float(number)
    except ValueError:
        return None
    for ui in UI_RATES:
        if abs(float(ui) - numeric) < 1e-6:
            if drop and ui not in DROP_FRAME_RATES:
                return None
            return (f"{ui} DF" if drop else ui), normalise_rate(float(ui)), drop
    return None


def rate_of(settings: dict[str, str]) -> tuple[Fraction, bool]:
    _, rate, drop = parse_rate(settings["timelineFrameRate"])
    return rate, drop or settings.get("timelineDropFrameTimecode") == "1"


def valid_value(key: str, value: str) -> bool:
    """Whether a setter may store ``value`` under ``key`` (context checks such as drop frame are the caller's)."""
    if not isinstance(value, str):  # §9, §13.6: setters take strings
        return False
    if key == "timelineFrameRate":
        return parse_rate(value) is not None
    if key in ("timelineResolutionWidth", "timelineResolutionHeight"):
        return value.isdigit() and 16 <= int(value) <= 32768
    if key == "timelinePixelAspectRatio":
        return value in PIXEL_ASPECT_RATIOS
    if key in ("timelineDropFrameTimecode", "speakerDetection", "useCustomSettings"):
        return value in ("0", "1")
    if key == "timelineSampleRate":
        return value in ("44100", "48000", "96000", "192000")
    if key == "superScale":
        return value in ("0", "2", "3", "4")
    if key == "nodeStackLayers":
        return value.isdigit() and int(value) >= 1
    return bool(value)


def typed_view(settings: dict[str, str]) -> dict:
    """21.1 GetSettings(): timelineFrameRate "as a number, e.g. 23.976" (§9); the rest stay strings."""
    view = dict(settings)
    if "timelineFrameRate" in view:
        view["timelineFrameRate"] = float(view["timelineFrameRate"].removesuffix(" DF"))
    return view


def effective_timeline_settings(project_settings: dict[str, str], timeline_settings: dict[str, str]) -> dict[str, str]:
    """A timeline's settings: its own with useCustomSettings "1", the project's otherwise (§9: GetSettings
    "returns PROJECT settings if useCustomSettings is 0"; others change only when it is "1")."""
    if timeline_settings.get("useCustomSettings") == "1":
        return dict(timeline_settings)
    view = {k: project_settings[k] for k in TIMELINE_KEYS if k in project_settings}
    view["useCustomSettings"] = "0"
    return view
