"""Generated rushes imported into the emulated Resolve, analysed by the real server, written back."""

from __future__ import annotations

from resolve_plugin.client import media_refs
from resolve_plugin.emulator import controls
from resolve_plugin.resolve import reader
from resolve_plugin.resolve.tags import split_keywords
from resolve_plugin.resolve.undo import undo_project
from resolve_plugin.workflow import auto_tag
from tests.resolve.conftest import snapshot


def _select_all(link, items):
    controls(link.resolve).select(list(items.values()))
    return reader.selected_clips(link.project())


def test_tags_and_markers_are_written_and_read_back(emulated, client):
    link, project, items = emulated
    selection = _select_all(link, items)
    assert len(selection.clips) == len(items) and not selection.skipped
    outcome = auto_tag(client, selection)
    for clip in outcome.clips:
        assert clip.error is None, clip.error
        assert clip.written.ok, clip.written.mismatches
        item, analysis = clip.clip.item, clip.analysis
        metadata = item.GetMetadata()
        assert "Speech" in split_keywords(metadata["Keywords"])
        assert metadata["Description"] == " ".join(s.text for s in analysis.speech.segments)
        markers = item.GetMarkers()
        ours = {int(f): m for f, m in markers.items() if m["customData"].startswith("derush:")}
        assert len(ours) == len(analysis.markers)
        for marker in analysis.markers:
            placed = ours[marker.frame]
            assert (placed["color"], placed["name"], int(placed["duration"])) == (
                marker.color, marker.name, marker.duration)
            assert analysis.media_id[7:19] in placed["customData"]


def test_writing_twice_gives_the_same_result_as_once(emulated, client):
    link, project, items = emulated
    selection = _select_all(link, items)
    auto_tag(client, selection)
    once = snapshot(project)
    auto_tag(client, selection)
    assert snapshot(project) == once


def test_the_editors_keywords_fields_and_markers_are_kept(emulated, client):
    link, project, items = emulated
    item = items["S01_T02.mp4"]
    item.SetMetadata({"Keywords": "Hero, Day 2", "Comments": "director likes this one"})
    analysis = client.analyze(media_refs([item.GetClipProperty()["File Path"]])).results[0]
    speech_frame = next(m.frame for m in analysis.markers if m.custom_data == "derush:speech")
    # the editor's marker sits where derush puts its speech marker
    assert item.AddMarker(speech_frame, "Green", "Circle take", "", 1, "")
    outcome = auto_tag(client, reader.read_items([item], "one clip"))
    report = outcome.clips[0].written
    metadata = item.GetMetadata()
    keywords = split_keywords(metadata["Keywords"])
    assert keywords[:2] == ["Hero", "Day 2"] and "Speech" in keywords
    assert metadata["Comments"] == "director likes this one"
    assert any("Comments" in line for line in report.kept)
    markers = {int(f): m for f, m in item.GetMarkers().items()}
    assert (markers[speech_frame]["name"], markers[speech_frame]["color"]) == ("Circle take", "Green")
    # derush's marker moved one frame, inside its own span
    assert markers[speech_frame + 1]["customData"].startswith("derush:speech")


def test_undo_leaves_the_project_as_it_was(emulated, client):
    link, project, items = emulated
    items["S02_T01.mov"].SetMetadata("Keywords", "Interview")
    items["S02_T01.mov"].AddMarker(10, "Red", "Boom in shot", "top left", 5, "")
    before = snapshot(project)
    auto_tag(client, _select_all(link, items))
    assert snapshot(project) != before
    report = undo_project(project)
    assert not report.failures
    assert report.clips_cleaned == len(items)
    assert snapshot(project) == before


def test_undo_keeps_what_the_editor_changed_after_derush(emulated, client):
    link, project, items = emulated
    item = items["S01_T02.mp4"]
    auto_tag(client, reader.read_items([item], "one clip"))
    item.SetMetadata("Description", "Rewritten by the editor")
    report = undo_project(project)
    assert item.GetMetadata()["Description"] == "Rewritten by the editor"
    assert any("Description" in line for line in report.kept)
    assert not any(m["customData"].startswith("derush:") for m in item.GetMarkers().values())


def test_clips_offline_or_not_media_are_skipped_with_a_reason(emulated, tmp_path):
    link, project, items = emulated
    controls(link.resolve).set_offline(items["S03_T01.mp4"], moved_from=str(tmp_path / "gone.mp4"))
    selection = _select_all(link, items)
    skipped = {s.name: s.reason for s in selection.skipped}
    assert "Relink" in skipped["S03_T01.mp4"]
    assert "S03_T01.mp4" not in {c.name for c in selection.clips}


def test_a_clip_the_server_cannot_read_fails_alone_and_gets_nothing_written(emulated, client, fixtures_dir,
                                                                             clips, tmp_path):
    import shutil

    link, project, items = emulated
    copy = tmp_path / "A002_C007.mp4"
    shutil.copyfile(fixtures_dir / clips[0].file, copy)
    [broken] = project.GetMediaPool().ImportMedia([str(copy)])
    copy.write_bytes(copy.read_bytes()[:5000])  # the copy on the shared drive went bad after import
    selection = reader.read_items([broken, items["S01_T02.mp4"]], "two clips")
    outcome = auto_tag(client, selection)
    failed, good = outcome.clips
    assert failed.analysis is None and failed.error.code in ("truncated", "not_media")
    assert failed.written is None and not broken.GetMetadata() and not broken.GetMarkers()
    assert good.written.ok and "Speech" in split_keywords(items["S01_T02.mp4"].GetMetadata()["Keywords"])


def test_a_project_with_no_current_timeline_still_gets_its_cut(emulated, client):
    from protos.derush.v1 import derush_pb2 as pb
    from resolve_plugin.workflow import apply_cut, suggest_cut

    link, project, items = emulated
    assert project.GetCurrentTimeline() is None
    selection = _select_all(link, items)
    _, plan = suggest_cut(client, auto_tag(client, selection), pb.CutOptions())
    report = apply_cut(project, plan, selection)
    assert report.ok and project.GetCurrentTimeline().GetName() == report.name
