"""An emulated Resolve with the generated rushes imported, for the code that will run against live Resolve."""

from __future__ import annotations

import pytest

from resolve_plugin.emulator import controls, create_resolve
from resolve_plugin.resolve.link import connect

CURRENT = (21, 1, 1, 0)
OLDER = (20, 2, 3, 0)  # has the AppendToTimeline no-selection bug (fixed in 20.3.2)


def snapshot(project) -> dict:
    """Everything derush may touch, as plain data: metadata, markers, colours of every clip; timelines."""
    from resolve_plugin.resolve.reader import all_clips

    clips = {}
    for item in all_clips(project):
        clips[item.GetUniqueId()] = {
            "metadata": item.GetMetadata(), "markers": item.GetMarkers(), "color": item.GetClipColor(),
            "third_party": item.GetThirdPartyMetadata(),
        }
    timelines = [project.GetTimelineByIndex(i).GetName() for i in range(1, project.GetTimelineCount() + 1)]
    return {"clips": clips, "timelines": timelines}


@pytest.fixture(params=[CURRENT, OLDER], ids=["21.1", "20.2"])
def emulated(request, clips, fixtures_dir):
    """(link, project, {file name: MediaPoolItem}) with the rushes in the media pool."""
    resolve = create_resolve(edition="studio", version=request.param, project_name="Harbour doc")
    link = connect(mode="emulator", emulator=resolve)
    project = link.project()
    items = project.GetMediaPool().ImportMedia([str(fixtures_dir / c.file) for c in clips])
    assert len(items) == len(clips)
    by_name = {item.GetName(): item for item in items}
    yield link, project, by_name
    assert not controls(resolve).errors, controls(resolve).errors
