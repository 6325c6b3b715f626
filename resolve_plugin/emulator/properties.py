"""Clip-property dicts (``GetClipProperty()``), built from what the project's prober reads in the file (§6).

Every value is a string except ``FPS`` (float) and ``Super Scale`` (int), as the README example and the 18/19
dumps show (§6, §13.6). Audio-only clips report ``FPS``, ``Frames``, ``Start`` and ``End`` as empty strings and set
only ``Duration`` (§6, VC; LIM WAV note). Display names of codecs and containers are Resolve's wording where we
know it and the prober's name otherwise; nobody should parse them (§6 warns they are localised).
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from protos.timecode import frames_to_timecode, timecode_to_frames
from resolve_plugin.emulator.metadata import PROPERTY_TWINS
from resolve_plugin.emulator.model import ClipModel, ProjectModel, timeline_length
from resolve_plugin.emulator.project_settings import effective_timeline_settings

_VIDEO_CODECS = {
    "h264": "H.264", "hevc": "H.265", "prores": "Apple ProRes", "dnxhd": "Avid DNxHD", "mjpeg": "Motion JPEG",
    "mpeg2video": "MPEG2", "av1": "AV1", "vp9": "VP9", "png": "PNG", "mjpeg2000": "JPEG 2000", "dpx": "DPX",
}
_AUDIO_CODECS = {"aac": "AAC", "mp3": "MP3", "flac": "FLAC", "opus": "Opus", "ac3": "AC-3", "alac": "ALAC"}
_FORMATS = {
    ".mov": "QuickTime", ".mp4": "MP4", ".m4v": "MP4", ".mxf": "MXF", ".wav": "Wave", ".aif": "AIFF",
    ".aiff": "AIFF", ".mp3": "MP3", ".mkv": "Matroska", ".avi": "AVI", ".png": "PNG", ".jpg": "JPEG",
    ".tif": "TIFF", ".tiff": "TIFF", ".dpx": "DPX", ".exr": "EXR",
}

# Properties a script may change with SetClipProperty, with the values each accepts (None: any string).
SETTABLE: dict[str, tuple[str, ...] | None] = {
    "Clip Name": None, "Alpha mode": ("None", "Straight", "Premultiplied"), "Data Level": ("Auto", "Video", "Full"),
    "Enable Deinterlacing": ("0", "1"), "Field Dominance": ("Auto", "Upper Field First", "Lower Field First"),
    "H-FLIP": ("On", "Off"), "V-FLIP": ("On", "Off"), "IDT": None, "Input Color Space": None, "Input Gamma": None,
    "Input LUT": None, "Input Sizing Preset": None, "Noise Reduction": None, "PAR": None, "Sharpness": None,
    "Super Scale": ("1", "2", "3", "4"), "Slate TC": None, "Start TC": None, "Audio Offset": None,
    "Offline Reference": None, "S3D Sync": None, "Start KeyKode": None,
}


def resolve_date(when: datetime) -> str:
    """Resolve's date format, e.g. 'Sun Nov 7 2021 20:39:59' (§6)."""
    return f"{when:%a %b} {when.day} {when:%Y %H:%M:%S}"


def video_codec_name(codec: str) -> str:
    return _VIDEO_CODECS.get(codec, codec.upper() if codec else "")


def audio_codec_name(codec: str) -> str:
    if codec.startswith("pcm_"):
        return "Linear PCM"
    return _AUDIO_CODECS.get(codec, codec.upper() if codec else "")


def audio_bit_depth(codec: str) -> str:
    # Only PCM says its depth in its name; for compressed audio the prober gives none, so neither do we.
    for bits in ("8", "16", "24", "32", "64"):
        if codec.startswith("pcm_") and bits in codec:
            return bits
    return ""


def static_properties(clip: ClipModel, added: datetime) -> dict[str, Any]:
    """The technical properties fixed when a file is imported (re-read by ReplaceClip and RelinkClips)."""
    info, path, video = clip.info, clip.path, clip.has_video
    audio = info is not None and info.has_audio
    modified = datetime.fromtimestamp(path.stat().st_mtime) if path is not None and path.exists() else added
    container = _FORMATS.get(path.suffix.lower(), path.suffix.lstrip(".").upper()) if path is not None else ""
    return {
        "Alpha mode": "None", "Angle": "", "Audio Offset": "", "Bit Depth": "", "Cloud Sync": "",
        "Audio Bit Depth": audio_bit_depth(info.audio_codec) if audio else "",
        "Audio Ch": str(info.audio_channels) if audio else "0",
        "Audio Codec": audio_codec_name(info.audio_codec) if audio else "",
        "Sample Rate": str(info.audio_sample_rate) if audio else "",
        "Data Level": "Auto", "Date Added": resolve_date(added), "Date Created": resolve_date(modified),
        "Date Modified": resolve_date(modified), "Enable Deinterlacing": "0", "Field Dominance": "Auto",
        "Format": container, "H-FLIP": "Off", "V-FLIP": "Off", "IDT": "", "Input Color Space": "",
        "Input Gamma": "", "Input LUT": "", "Input Sizing Preset": "None", "Noise Reduction": "",
        "Offline Reference": "", "PAR": "Square" if video else "", "S3D Sync": "", "Sharpness": "",
        "Resolution": f"{info.width}x{info.height}" if info is not None and video else "",
        "Slate TC": "", "Start KeyKode": "", "Super Scale": 1,
        "Video Codec": video_codec_name(info.video_codec) if info is not None and video else "",
    }


STILL_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".exr", ".dpx", ".bmp")


def clip_type(clip: ClipModel) -> str:
    """§6: Video, Audio, Video + Audio, Still, Timeline."""
    if clip.is_timeline:
        return "Timeline"
    if clip.image_sequence:
        return "Video"
    if not clip.has_video:
        return "Audio"
    if clip.path is not None and clip.path.suffix.lower() in STILL_SUFFIXES:
        return "Still"
    return "Video + Audio" if clip.has_audio else "Video"


def usage(clip: ClipModel, project: ProjectModel) -> int:
    """Times the clip is used in timelines: a linked video + audio pair is one use."""
    uses = set()
    for timeline in project.live_timelines():
        for item in timeline.items():
            if item.clip is clip:
                uses.add((timeline.uid, item.link if item.link is not None else item.uid))
    return len(uses)


def is_online(clip: ClipModel) -> bool:
    """Offline when forced (controls.set_offline, UnlinkClips) or when the file is no longer where the clip says."""
    if not clip.online:
        return False
    if clip.is_timeline or clip.image_sequence or clip.path is None:
        return True
    return clip.path.exists()


def timecode(frame: int, rate: Fraction, drop: bool) -> str:
    return frames_to_timecode(frame, rate, drop)


def clip_properties(clip: ClipModel, project: ProjectModel) -> dict[str, Any]:
    """Every property of a clip, as ``GetClipProperty()`` returns it."""
    if clip.is_timeline:
        props = _timeline_properties(clip, project)
    else:
        props = dict(clip.properties)
        rate, frames, drop = clip.rate, clip.frames, clip.drop
        start = clip.tc_start + clip.first_frame
        props.update({
            "Clip Directory": str(clip.path.parent) if clip.path else "",
            "File Name": clip.path.name if clip.path else "",
            "File Path": str(clip.path) if clip.path else "",
            "Duration": timecode(frames, rate, drop),
            "Start TC": timecode(start, rate, drop),
            "End TC": timecode(start + frames, rate, drop),  # exclusive, as Resolve's End TC column [unverified]
            "Drop frame": "1" if drop else "0",
        })
        if clip.has_video or clip.image_sequence:
            props.update({
                "FPS": round(float(rate), 3), "Frames": str(frames), "Start": str(clip.first_frame),
                "End": str(clip.first_frame + frames - 1),
            })
        else:
            # §6: audio-only clips report FPS, Frames, Start and End as empty strings.
            props.update({"FPS": "", "Frames": "", "Start": "", "End": ""})
    props.update({
        "Clip Name": clip.name, "Type": clip_type(clip), "Clip Color": clip.color, "Flags": ",".join(clip.flags),
        "Usage": str(usage(clip, project)), "Online Status": "Online" if is_online(clip) else "Offline",
        "Proxy": "On" if clip.proxy_path else "None", "Proxy Media Path": clip.proxy_path,
        "Synced Audio": clip.synced_audio,
        "In": _mark(clip, "in"), "Out": _mark(clip, "out"),
    })
    for prop, field_name in PROPERTY_TWINS.items():
        default = "false" if prop == "Good Take" else ""  # §6 example: 'Good Take': 'false'
        props[prop] = clip.metadata.get(field_name, default)
    return dict(sorted(props.items()))


def _mark(clip: ClipModel, which: str) -> str:
    # §6 VC: In/Out are timecodes, empty when unmarked.
    marks = clip.mark_in_out.get("video") or clip.mark_in_out.get("audio")
    if not marks or which not in marks:
        return ""
    return timecode(int(clip.tc_start + clip.first_frame + marks[which]), clip.clip_rate(), clip.drop)


def _timeline_properties(clip: ClipModel, project: ProjectModel) -> dict[str, Any]:
    timeline = clip.timeline
    length = timeline_length(timeline)
    settings = effective_timeline_settings(project.settings, timeline.settings)
    return {
        "Clip Directory": "", "File Name": "", "File Path": "", "Format": "", "Video Codec": "", "Audio Codec": "",
        "FPS": round(float(timeline.rate), 3), "Frames": str(length), "Start": "0", "End": str(max(length - 1, 0)),
        "Duration": timecode(length, timeline.rate, timeline.drop),
        "Start TC": timeline.start_timecode(),
        "End TC": timecode(timeline.start_frame + length, timeline.rate, timeline.drop),
        "Resolution": f"{settings['timelineResolutionWidth']}x{settings['timelineResolutionHeight']}",
        "Drop frame": "1" if timeline.drop else "0", "Super Scale": 1, "Audio Ch": "2", "Sample Rate": "48000",
    }


def set_static(clip: ClipModel, key: str, value: str) -> bool:
    """SetClipProperty for a non-metadata property; the caller routes metadata twins."""
    allowed = SETTABLE.get(key, ())
    if key not in SETTABLE or (allowed is not None and value not in allowed):
        return False
    if key == "Clip Name":
        if not value:
            return False
        clip.name = value
    elif key == "Super Scale":
        clip.properties[key] = int(value)
    elif key == "Start TC":
        try:
            frame = timecode_to_frames(value, clip.rate)
        except ValueError:
            return False
        clip.tc_start, clip.start_tc, clip.drop = frame, value, ";" in value
    else:
        clip.properties[key] = value
    return True
