"""Edit plans for the writer tests, and independent helpers to read timecode back (the ``timecode`` package,
not our timecode module, so that a shared mistake cannot hide)."""

from __future__ import annotations

from fractions import Fraction

from timecode import Timecode

from protos.edit_plan import Caption, EditPlan, PlanMarker, SourceClip

NTSC_23976, NTSC_2997, NTSC_5994 = Fraction(24000, 1001), Fraction(30000, 1001), Fraction(60000, 1001)

RATES = {
    "23.976": NTSC_23976, "24": Fraction(24), "25": Fraction(25), "29.97DF": NTSC_2997,
    "30": Fraction(30), "50": Fraction(50), "59.94DF": NTSC_5994,
}
DROP_FRAME = {NTSC_2997, NTSC_5994}


def nominal(rate: Fraction) -> int:
    return round(rate)


def tc(hms: str, rate: Fraction, drop: bool | None = None) -> str:
    """``HH:MM:SS:FF`` written with ``;`` before the frames at drop-frame rates (as ffprobe reports it)."""
    drop = rate in DROP_FRAME if drop is None else drop
    return hms[:8] + (";" if drop else ":") + hms[9:]


def tc_to_frame(timecode: str, rate: Fraction) -> int:
    """Frame number of a timecode string; drop-frame when written with ``;``."""
    if ";" in timecode:
        return Timecode(str(rate), timecode).frames - 1  # the package counts frames from 1
    return Timecode(str(rate), timecode, force_non_drop_frame=True).frames - 1


def frame_to_tc(frame: int, rate: Fraction, drop: bool) -> str:
    if drop:
        return str(Timecode(str(rate), frames=frame + 1))
    return str(Timecode(str(rate), frames=frame + 1, force_non_drop_frame=True))


def timeline_start(rate: Fraction) -> int:
    """01:00:00:00 (01:00:00;00 at drop-frame rates), read by the independent package."""
    return tc_to_frame(tc("01:00:00:00", rate), rate)


def uniform_plan(rate: Fraction, name: str = "Harbour interview derush") -> EditPlan:
    """Three clips at the timeline rate with start timecodes far from zero; the first event lasts exactly
    one nominal minute, so the second starts at 01:01:00:00 (01:01:00;02 at 29.97 DF)."""
    n = nominal(rate)
    a = SourceClip("sha256:" + "a" * 64, "/media/day 1/A001_C003.mov", rate, 5 * 60 * n, tc("14:10:00:00", rate))
    b = SourceClip("sha256:" + "b" * 64, "/media/day 1/B002_C001.mov", rate, 40 * n, tc("00:00:00:00", rate))
    c = SourceClip("sha256:" + "c" * 64, "/media/day 2/A002_C010.mov", rate, 90 * n, tc("22:59:58:00", rate))
    plan = EditPlan(name, rate)
    first = plan.append(a, 2 * n + 3, 62 * n + 3, "take 2 of 2: most fluent")
    second = plan.append(b, n // 2, 4 * n, "b-roll: harbour")
    plan.append(c, 10 * n, 13 * n + 1, "closing line")
    plan.add_alternate(first, c, 0, 5 * n, "take 1 of 2: restart at 2.1 s")
    plan.add_alternate(first, b, 10, 20, "take 3: never placed, the place is taken")  # left out by every writer
    plan.add_alternate(second, a, 100, 100 + 2 * n, "take 2 of 3")
    plan.markers += [
        PlanMarker(0, 1, "Blue", "derush", "cut start", "derush:cut"),
        PlanMarker(plan.events[1].record_in + 5, 12, "Mint", "retake?", "12 frames of wind | check", "derush:wind"),
        PlanMarker(plan.duration_frames - 1, 1, "Red", "end", ""),
    ]
    plan.captions += [
        Caption(3, 2 * n, "The tide comes in."),
        Caption(2 * n, 7 * n, "Voilà: la marée monte, et avec elle tout le port se réveille avant l'aube."),
        Caption(plan.events[1].record_in, plan.events[1].record_in + n, "Ça  commence."),
    ]
    return plan


def mixed_plan() -> EditPlan:
    """A 23.976 timeline cutting clips at 25, 29.97 DF, 24, 50, 59.94 (non-drop timecode) and 23.976."""
    rate = NTSC_23976
    clips = [
        SourceClip("sha256:" + "1" * 64, "/media/mixed/PAL_25.mov", Fraction(25), 3000, "10:00:00:00"),
        SourceClip("sha256:" + "2" * 64, "/media/mixed/NTSC_2997DF.mov", NTSC_2997, 4000, "01:00:59;28"),
        SourceClip("sha256:" + "3" * 64, "/media/mixed/FILM_24.mov", Fraction(24), 2000, "00:59:59:00"),
        SourceClip("sha256:" + "4" * 64, "/media/mixed/HFR_50.mov", Fraction(50), 5000, "00:00:10:00"),
        SourceClip("sha256:" + "5" * 64, "/media/mixed/HFR_5994NDF.mov", NTSC_5994, 8000, "12:00:00:00"),
        SourceClip("sha256:" + "6" * 64, "/media/mixed/CINE_23976.mov", NTSC_23976, 3000, "07:00:00:00"),
    ]
    plan = EditPlan("Mixed rates", rate)
    events = [plan.append(clip, 7 * i + 1, 7 * i + 1 + 50 + 13 * i, f"event {i + 1} at {float(clip.rate):.3f}")
              for i, clip in enumerate(clips)]
    plan.add_alternate(events[0], clips[3], 200, 300, "alternate at 50 fps")
    plan.add_alternate(events[2], clips[1], 30, 90, "alternate at 29.97 DF")
    plan.markers.append(PlanMarker(events[1].record_in + 3, 2, "Yellow", "check", "mixed-rate marker"))
    plan.captions.append(Caption(events[1].record_in, events[2].record_in, "A caption over the 29.97 clip."))
    return plan


PLANS = {**{f"uniform-{key}": (lambda r=rate: uniform_plan(r)) for key, rate in RATES.items()}, "mixed": mixed_plan}
