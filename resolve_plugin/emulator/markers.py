"""The marker store shared by media-pool clips, timelines and timeline items (docs/resolve-emulator.md §5, §13.2-3).

Frames are kept as floats: ``GetMarkers()`` returns float keys and float durations (§5, README example), and a
marker added at 96 and one asked for at 96.0 are the same marker. The owner decides which frames are valid
(clips: inside the clip; timelines: any frame, §13.2) and passes the bounds in.
"""

from __future__ import annotations

from dataclasses import dataclass

from protos.resolve_vocabulary import ALL, MARKER_COLORS


@dataclass
class Marker:
    color: str
    duration: float
    note: str
    name: str
    custom_data: str

    def info(self) -> dict:
        # Key order and spelling as in the README example (§5).
        return {
            "color": self.color, "duration": float(self.duration), "note": self.note, "name": self.name,
            "customData": self.custom_data,
        }


class MarkerStore:
    def __init__(self) -> None:
        self._markers: dict[float, Marker] = {}

    def add(
        self, frame: float, color: str, name: str, note: str, duration: float, custom_data: str | None,
        lowest: float = 0, highest: float | None = None, require_name: bool = True,
    ) -> bool:
        """``highest`` is exclusive: the first frame past the owner (None: unbounded)."""
        if color not in MARKER_COLORS:
            return False
        # §13.3 VC: "Resolve refuses an unnamed marker" [unverified]; we follow it.
        if require_name and not name:
            return False
        # §14: duration 0 is unverified; Resolve's UI has no marker shorter than a frame, so we refuse < 1.
        if duration < 1:
            return False
        if frame < lowest or (highest is not None and frame >= highest):
            return False
        key = float(frame)
        # §13.3: AddMarker on an occupied frame returns False [obs-lite/unverified; implemented as documented].
        if key in self._markers:
            return False
        self._markers[key] = Marker(color, float(duration), note, name, custom_data or "")
        return True

    def as_dict(self) -> dict[float, dict]:
        return {frame: self._markers[frame].info() for frame in sorted(self._markers)}

    def items(self) -> list[tuple[float, Marker]]:
        return sorted(self._markers.items())

    def by_custom_data(self, custom_data: str) -> dict:
        # §5: the first matching marker's info, without its frame.
        for _, marker in self.items():
            if marker.custom_data == custom_data:
                return marker.info()
        return {}

    def update_custom_data(self, frame: float, custom_data: str) -> bool:
        marker = self._markers.get(float(frame))
        if marker is None:
            return False
        marker.custom_data = custom_data
        return True

    def custom_data(self, frame: float) -> str:
        marker = self._markers.get(float(frame))
        return marker.custom_data if marker is not None else ""

    def delete_by_color(self, color: str) -> bool:
        """True for a valid colour (or "All"), whether or not a marker had it; False for anything else."""
        if color == ALL:
            self._markers.clear()
            return True
        if color not in MARKER_COLORS:
            return False
        for frame in [f for f, m in self._markers.items() if m.color == color]:
            del self._markers[frame]
        return True

    def delete_at(self, frame: float) -> bool:
        return self._markers.pop(float(frame), None) is not None

    def delete_by_custom_data(self, custom_data: str) -> bool:
        # The README deletes the first matching marker, like GetMarkerByCustomData reads the first.
        for frame, marker in self.items():
            if marker.custom_data == custom_data:
                del self._markers[frame]
                return True
        return False

    def put(self, frame: float, marker: Marker) -> None:
        """Place a marker without the API's checks (timeline import)."""
        self._markers.setdefault(float(frame), marker)

    def __len__(self) -> int:
        return len(self._markers)
