"""MediaStorage: the file system as Resolve's Media Storage page shows it (docs/resolve-emulator.md §4)."""

from __future__ import annotations

from pathlib import Path

from resolve_plugin.emulator import proxies
from resolve_plugin.emulator.calls import ApiObject, api
from resolve_plugin.emulator.media_import import Request, expand, import_requests
from resolve_plugin.emulator.state import Session


def _visible(path: Path) -> bool:
    return not path.name.startswith(".")


class MediaStorage(ApiObject):
    def __init__(self, session: Session) -> None:
        super().__init__(session)

    @api
    def GetMountedVolumeList(self):
        # The volumes listed in Preferences > Media Storage (controls.set_volumes).
        return list(self._session.volumes)

    @api
    def GetSubFolderList(self, folderPath):
        folder = Path(folderPath)
        if not folder.is_dir():
            return []
        return [str(p) for p in sorted(folder.iterdir()) if p.is_dir() and _visible(p)]

    @api
    def GetFileList(self, folderPath):
        # Resolve folds image sequences into one entry; the emulator lists every file.
        folder = Path(folderPath)
        if not folder.is_dir():
            return []
        return [str(p) for p in sorted(folder.iterdir()) if p.is_file() and _visible(p)]

    @api
    def RevealInStorage(self, path):
        return Path(path).exists()

    @api
    def AddItemListToMediaPool(self, *args):
        project = self._session.current_project
        if project is None:
            return []
        entries = list(args[0]) if len(args) == 1 and isinstance(args[0], list) else list(args)
        requests: list[Request] = []
        for entry in entries:
            if isinstance(entry, dict):
                path = Path(entry["media"]).expanduser()
                if "startFrame" in entry or "endFrame" in entry:
                    requests.append(Request(path, entry.get("startFrame", 0), entry.get("endFrame")))
                else:
                    requests += expand([str(path)])
            else:
                requests += expand([entry])
        clips = import_requests(project, project.current_folder, requests)
        return [proxies.clip(self._session, project, c) for c in clips]
