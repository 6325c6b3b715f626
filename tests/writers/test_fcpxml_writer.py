"""FCPXML: the same plans read back by two independent readers.

- A reader written here on lxml that knows nothing of our writer: it resolves every reference and turns every
  rational time back into frames with ``Fraction``, so a time off the frame grid fails.
- ``otio-fcpx-xml-adapter``'s reader (PyPI). It truncates NTSC rates to whole numbers (23.976 -> 23) and only
  reads the 1.8 ``src`` attribute, so frame ranges are compared through it at integer rates only, and media
  URLs for 1.8 only; names, order, lanes and markers at every rate.
- Apple's FCPXML DTD when one is at hand: no PyPI package ships it (Apple's copyright keeps it out of this
  repository), so set ``FCPXML_DTD_DIR`` to a folder holding ``FCPXMLv1_8.dtd`` … ``FCPXMLv1_10.dtd`` (Final
  Cut Pro keeps them in its Interchange.framework resources) and the DTD test runs; otherwise it is skipped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from urllib.parse import unquote, urlparse

import opentimelineio as otio
import pytest
from lxml import etree

from protos.edit_plan import EditEvent, EditPlan, PlanMarker, SourceClip
from protos.interchange import WRITERS, FcpxmlWriter, WriterError
from protos.interchange.base import placed_alternates
from protos.interchange.fcpxml import DEFAULT_VERSION, file_url, to_fcpxml
from tests.writers.plans import DROP_FRAME, PLANS, tc_to_frame, timeline_start, uniform_plan

VERSIONS = ("1.8", "1.9", "1.10")


def seconds(value: str) -> Fraction:
    assert value.endswith("s"), value
    return Fraction(value[:-1])


def whole(value: Fraction) -> int:
    assert value.denominator == 1, f"{value} is not a whole number of frames"
    return value.numerator


@dataclass
class ReadClip:
    name: str
    path: str
    rate: Fraction
    media_start: int  # asset start, frames at the clip rate
    start: int  # clip start, frames at the clip rate
    record_in: int
    record_frames: int
    enabled: bool
    note: str | None
    markers: list[tuple[int, int, str, str]] = field(default_factory=list)  # record frame, frames, name, note


@dataclass
class ReadTimeline:
    version: str
    name: str
    rate: Fraction
    start: int
    drop: bool
    duration: int
    clips: list[ReadClip]
    alternates: list[ReadClip]
    markers: list[tuple[int, int, str, str]]  # every marker, in record frames


def read_fcpxml(data: bytes) -> ReadTimeline:
    """An FCPXML reader that shares nothing with the writer."""
    tree = etree.ElementTree(etree.fromstring(data))
    root = tree.getroot()
    assert tree.docinfo.doctype == "<!DOCTYPE fcpxml>"
    assert root.tag == "fcpxml"
    version = root.get("version")
    formats = {f.get("id"): 1 / seconds(f.get("frameDuration")) for f in root.iterfind("resources/format")}
    for fmt in root.iterfind("resources/format"):
        assert int(fmt.get("width")) > 0 and int(fmt.get("height")) > 0
    assets = {a.get("id"): a for a in root.iterfind("resources/asset")}
    [event] = root.findall("library/event")
    [project] = event.findall("project")
    [sequence] = project.findall("sequence")
    assert event.get("name") == project.get("name")
    rate = formats[sequence.get("format")]
    tc_start = seconds(sequence.get("tcStart"))
    start = whole(tc_start * rate)
    [spine] = sequence.findall("spine")

    def asset_src(asset) -> str:
        reps = asset.findall("media-rep")
        if version == "1.8":
            assert not reps
            return asset.get("src")
        assert asset.get("src") is None and len(reps) == 1 and reps[0].get("kind") == "original-media"
        return reps[0].get("src")

    def read_clip(element, record_in: int) -> ReadClip:
        asset = assets[element.get("ref")]
        clip_rate = formats[asset.get("format")]
        assert formats[element.get("format")] == clip_rate
        note = element.find("note")
        url = urlparse(asset_src(asset))
        assert url.scheme == "file"
        return ReadClip(
            name=element.get("name"), path=unquote(url.path), rate=clip_rate,
            media_start=whole(seconds(asset.get("start")) * clip_rate),
            start=whole(seconds(element.get("start")) * clip_rate),
            record_in=record_in, record_frames=whole(seconds(element.get("duration")) * rate),
            enabled=element.get("enabled", "1") == "1", note=None if note is None else note.text,
        )

    def check_child_order(element) -> None:
        # note?, anchored clips, markers (the DTD's order for clips and gaps)
        order = {"note": 0, "asset-clip": 1, "marker": 2}
        ranks = [order[child.tag] for child in element]
        assert ranks == sorted(ranks), [child.tag for child in element]

    clips, alternates, markers = [], [], []
    position = 0
    for item in spine:
        assert item.tag in ("asset-clip", "gap")
        record_in = whole((seconds(item.get("offset")) - tc_start) * rate)
        assert record_in == position, "spine items follow each other without overlap or hole"
        duration = whole(seconds(item.get("duration")) * rate)
        local_start = seconds(item.get("start"))
        check_child_order(item)

        def record_frame(local: str, record_in=record_in, local_start=local_start) -> int:
            return record_in + whole((seconds(local) - local_start) * rate)

        read = read_clip(item, record_in) if item.tag == "asset-clip" else None
        for child in item.iterfind("marker"):
            marker = (record_frame(child.get("start")), whole(seconds(child.get("duration")) * rate),
                      child.get("value"), child.get("note", ""))
            markers.append(marker)
            if read:
                read.markers.append(marker)
        for child in item.iterfind("asset-clip"):
            assert child.get("lane") == "1"
            alternate = read_clip(child, record_frame(child.get("offset")))
            for m in child.iterfind("marker"):
                alternate.markers.append((alternate.record_in + whole(
                    (seconds(m.get("start")) - seconds(child.get("start"))) * rate),
                    whole(seconds(m.get("duration")) * rate), m.get("value"), m.get("note", "")))
            alternates.append(alternate)
        if read:
            clips.append(read)
        position += duration
    return ReadTimeline(version, project.get("name"), rate, start, sequence.get("tcFormat") == "DF",
                        whole(seconds(sequence.get("duration")) * rate), clips, alternates, markers)


def expected_clip(plan: EditPlan, event: EditEvent) -> dict:
    media_start = tc_to_frame(event.clip.start_timecode, event.clip.rate)
    return {"name": event.clip.name, "path": event.clip.path, "rate": event.clip.rate, "media_start": media_start,
            "start": media_start + event.source_in, "record_in": event.record_in,
            "record_frames": plan.record_frames(event), "enabled": event.enabled, "note": event.reason}


def as_dict(clip: ReadClip) -> dict:
    return {k: getattr(clip, k) for k in ("name", "path", "rate", "media_start", "start", "record_in",
                                          "record_frames", "enabled", "note")}


def reason(plan: EditPlan, event: EditEvent) -> tuple[int, int, str, str]:
    return (event.record_in, plan.record_frames(event), "derush", event.reason)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("key", PLANS)
def test_fcpxml_reads_back_frame_exact(key, version, tmp_path):
    plan = PLANS[key]()
    [path] = FcpxmlWriter(version=version).write(plan, tmp_path / "cut.fcpxml")
    timeline = read_fcpxml(path.read_bytes())

    assert timeline.version == version and timeline.name == plan.name
    assert timeline.rate == plan.rate
    assert timeline.start == timeline_start(plan.rate)
    assert timeline.drop == (plan.rate in DROP_FRAME)
    assert timeline.duration == plan.duration_frames
    assert [as_dict(c) for c in timeline.clips] == [expected_clip(plan, e) for e in plan.events]
    for clip, event in zip(timeline.clips, plan.events):
        # the out point: exact at the clip's own rate, or the conformed length at another rate
        played = (clip.start - clip.media_start) + Fraction(clip.record_frames) * clip.rate / plan.rate
        if clip.rate == plan.rate:
            assert played == event.source_out
        else:
            assert event.source_in < played <= event.source_out

    placed = placed_alternates(plan)
    assert len(placed) < len(plan.alternates) or key == "mixed"
    assert [as_dict(a) for a in timeline.alternates] == [expected_clip(plan, e) for e in placed]
    assert not any(a.enabled for a in timeline.alternates)
    for alternate, event in zip(timeline.alternates, placed):
        assert alternate.markers == [reason(plan, event)]

    expected_markers = [(m.frame, max(m.duration, 1), m.name, m.note) for m in plan.markers]
    expected_markers += [reason(plan, e) for e in plan.events]
    assert sorted(timeline.markers) == sorted(expected_markers)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("key", PLANS)
def test_fcpxml_otio_adapter_reads_the_same_cut(key, version, tmp_path):
    plan = PLANS[key]()
    writer = WRITERS["fcpxml"] if version == DEFAULT_VERSION else FcpxmlWriter(version=version)
    [path] = writer.write(plan, tmp_path / "cut.fcpxml")
    collection = otio.adapters.read_from_file(str(path), adapter_name="fcpx_xml")
    [timeline] = list(collection)
    assert timeline.name == plan.name
    lanes = {track.name: track for track in timeline.tracks}
    assert set(lanes) == {"0", "1"}
    main = [c for c in lanes["0"] if isinstance(c, otio.schema.Clip)]
    alternates = [c for c in lanes["1"] if isinstance(c, otio.schema.Clip)]
    # The adapter counts each clip's offset in frames of the clip's own rate, so with mixed rates it orders
    # clips by numbers in different units: compare the sets there.
    in_order = (lambda names: names) if key != "mixed" else sorted
    assert in_order([c.name for c in main]) == in_order([e.clip.name for e in plan.events])
    assert in_order([c.name for c in alternates]) == in_order([e.clip.name for e in placed_alternates(plan)])
    marker_names = {m.name for c in main for m in c.markers}
    assert marker_names == {m.name for m in plan.markers} | {"derush"}
    for clip, event in zip(main, plan.events if key != "mixed" else []):
        if version == "1.8":
            assert clip.media_reference.target_url == file_url(event.clip.path)
        rates_are_whole = plan.rate.denominator == 1 and event.clip.rate.denominator == 1
        if rates_are_whole and event.clip.rate == plan.rate:
            media_start = tc_to_frame(event.clip.start_timecode, event.clip.rate)
            assert clip.source_range.start_time.value == media_start + event.source_in
            assert clip.source_range.duration.value == event.source_frames
            position = clip.range_in_parent().start_time
            assert position.value == timeline_start(plan.rate) + event.record_in


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("key", ["uniform-23.976", "uniform-29.97DF", "uniform-50", "mixed"])
def test_fcpxml_is_valid_against_apples_dtd(key, version, tmp_path):
    dtd_dir = os.environ.get("FCPXML_DTD_DIR")
    dtd_path = Path(dtd_dir or ".") / f"FCPXMLv{version.replace('.', '_')}.dtd"
    if not dtd_dir or not dtd_path.is_file():
        pytest.skip("Apple's FCPXML DTDs are not on PyPI: set FCPXML_DTD_DIR to a folder holding FCPXMLv1_*.dtd")
    dtd = etree.DTD(str(dtd_path))
    document = etree.fromstring(to_fcpxml(PLANS[key](), version).encode())
    assert dtd.validate(document), dtd.error_log.filter_from_errors()


def test_drop_frame_sequence_starts_at_one_hour_drop_frame():
    timeline = read_fcpxml(to_fcpxml(uniform_plan(Fraction(30000, 1001))).encode())
    assert timeline.drop and timeline.start == 107892  # 01:00:00;00, not 108000 (= 01:00:03;18)
    document = etree.fromstring(to_fcpxml(uniform_plan(Fraction(30000, 1001))).encode())
    assert document.find("library/event/project/sequence").get("tcStart") == "107999892/30000s"
    assert document.find("resources/format").get("frameDuration") == "1001/30000s"


def test_formats_name_size_and_rate():
    document = etree.fromstring(to_fcpxml(uniform_plan(Fraction(24000, 1001)), size=(3840, 2160)).encode())
    [fmt] = document.findall("resources/format")
    assert fmt.attrib == {"id": "r1", "name": "FFVideoFormat3840x2160p2398", "frameDuration": "1001/24000s",
                          "width": "3840", "height": "2160"}
    odd = etree.fromstring(to_fcpxml(uniform_plan(Fraction(25)), size=(1000, 500)).encode())
    assert "name" not in odd.find("resources/format").attrib


def test_media_urls_are_absolute_and_escaped(tmp_path):
    media = tmp_path / "rushes #2" / "Prise été 01.mov"
    media.parent.mkdir()
    media.write_bytes(b"")
    clip = SourceClip("sha256:" + "e" * 64, str(media), Fraction(25), 250, "10:00:00:00")
    plan = EditPlan("escaped", Fraction(25))
    plan.append(clip, 0, 25, "")
    src = etree.fromstring(to_fcpxml(plan).encode()).find("resources/asset/media-rep").get("src")
    assert src.startswith("file:///") and " " not in src and "#" not in src and "é" not in src
    assert Path(unquote(urlparse(src).path)) == media and Path(unquote(urlparse(src).path)).exists()
    assert file_url(r"C:\Users\Ed\Rushes\A 001.mov") == "file:///C:/Users/Ed/Rushes/A%20001.mov"


def test_events_with_a_hole_get_a_gap_and_markers_past_the_end_a_gap_to_sit_on():
    rate = Fraction(25)
    clip = SourceClip("sha256:" + "f" * 64, "/media/F.mov", rate, 1000, "01:00:00:00")
    plan = EditPlan("holes", rate, events=[EditEvent(clip, 0, 50, "a", record_in=25),
                                           EditEvent(clip, 100, 150, "b", record_in=100)])
    plan.markers.append(PlanMarker(200, 1, "Red", "after", "past the end"))
    document = etree.fromstring(to_fcpxml(plan).encode())
    tags = [(e.tag, e.get("offset"), e.get("duration")) for e in document.find("library/event/project/sequence/spine")]
    assert tags == [("gap", "3600s", "1s"), ("asset-clip", "3601s", "2s"), ("gap", "3603s", "1s"),
                    ("asset-clip", "3604s", "2s"), ("gap", "3606s", "51/25s")]
    assert read_fcpxml(to_fcpxml(plan).encode()).markers[-1] == (200, 1, "after", "past the end")


def test_refuses_what_it_cannot_write():
    plan = uniform_plan(Fraction(25))
    with pytest.raises(WriterError, match="1.11"):
        to_fcpxml(plan, "1.11")
    relative = EditPlan("relative", Fraction(25))
    relative.append(SourceClip("x", "media/A.mov", Fraction(25), 100), 0, 10, "")
    with pytest.raises(WriterError, match="not absolute"):
        to_fcpxml(relative)
    overlapping = uniform_plan(Fraction(25))
    overlapping.events[1] = EditEvent(overlapping.events[1].clip, 0, 10, "", record_in=5)
    with pytest.raises(WriterError, match="overlap"):
        to_fcpxml(overlapping)
