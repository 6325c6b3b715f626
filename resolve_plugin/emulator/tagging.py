"""Marker, flag and clip-colour methods, shared by MediaPoolItem, Timeline and TimelineItem (§5, §7)."""

from __future__ import annotations

from protos.resolve_vocabulary import ALL, FLAG_COLORS, is_clip_color
from resolve_plugin.emulator.calls import ApiObject, api
from resolve_plugin.emulator.markers import MarkerStore

MARK_TYPES = ("video", "audio", "all")


class MarkerMethods(ApiObject):
    _api_mixin = True

    def _marker_store(self) -> MarkerStore:
        return self._model.markers

    def _marker_bounds(self) -> tuple[float, float | None]:
        """Lowest valid frame and the first frame past the owner (None: unbounded)."""
        raise NotImplementedError

    @api
    def AddMarker(self, frameId, color, name, note, duration, customData=None):
        lowest, highest = self._marker_bounds()
        return self._marker_store().add(frameId, color, name, note, duration, customData, lowest, highest)

    @api
    def GetMarkers(self):
        return self._marker_store().as_dict()

    @api
    def GetMarkerByCustomData(self, customData):
        return self._marker_store().by_custom_data(customData)

    @api
    def UpdateMarkerCustomData(self, frameId, customData):
        return self._marker_store().update_custom_data(frameId, customData)

    @api
    def GetMarkerCustomData(self, frameId):
        return self._marker_store().custom_data(frameId)

    @api
    def DeleteMarkersByColor(self, color):
        return self._marker_store().delete_by_color(color)

    @api
    def DeleteMarkerAtFrame(self, frameNum):
        return self._marker_store().delete_at(frameNum)

    @api
    def DeleteMarkerByCustomData(self, customData):
        return self._marker_store().delete_by_custom_data(customData)


class TagMethods(ApiObject):
    """Flags (16 marker colours, §7) and clip colour (16 names, §7) of a model with ``flags`` and ``color``."""

    _api_mixin = True

    def _tagged(self):
        return self._model

    @api
    def AddFlag(self, color):
        if color not in FLAG_COLORS:
            return False
        flags = self._tagged().flags
        if color not in flags:  # a clip holds each flag colour once
            flags.append(color)
        return True

    @api
    def GetFlagList(self):
        return list(self._tagged().flags)

    @api
    def ClearFlags(self, color):
        model = self._tagged()
        if color == ALL:
            model.flags.clear()
            return True
        if color not in FLAG_COLORS:
            return False
        model.flags = [f for f in model.flags if f != color]
        return True

    @api
    def GetClipColor(self):
        return self._tagged().color

    @api
    def SetClipColor(self, colorName):
        # §7: exactly 16 names; anything else (marker-only names, '') is a bare False.
        if not is_clip_color(colorName):
            return False
        self._tagged().color = colorName
        return True

    @api
    def ClearClipColor(self):
        self._tagged().color = ""
        return True


class MarkInOutMethods(ApiObject):
    """Get/Set/ClearMarkInOut, the same on a media-pool item and a timeline (docs/resolve-emulator.md §4)."""

    _api_mixin = True

    @api
    def GetMarkInOut(self):
        return {kind: dict(marks) for kind, marks in self._model.mark_in_out.items()}

    @api
    def SetMarkInOut(self, markIn, markOut, type="all"):
        # LIM: SetMarkInOut stores whatever frames it is given.
        if type not in MARK_TYPES:
            return False
        for target in (("video", "audio") if type == "all" else (type,)):
            self._model.mark_in_out[target] = {"in": markIn, "out": markOut}
        return True

    @api
    def ClearMarkInOut(self, type="all"):
        if type not in MARK_TYPES:
            return False
        for target in (("video", "audio") if type == "all" else (type,)):
            self._model.mark_in_out.pop(target, None)
        return True
