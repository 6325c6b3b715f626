"""Edit plan captions -> SubRip (.srt), the subtitle file Resolve imports (File > Import > Subtitle).

Times count from 00:00:00,000 = the timeline's first frame, not 01:00:00:00: SRT is relative, and whoever
drops it on the timeline puts it at the start (docs/interchange.md §5). UTF-8, cues numbered from 1 in
time order, each caption's text wrapped at ``max_line`` characters (42 is the broadcast norm). Long captions
are wrapped, never split into more cues: where a caption ends is the plan's decision.
"""

from __future__ import annotations

import logging
import textwrap
from dataclasses import dataclass
from pathlib import Path

from protos.edit_plan import EditPlan
from protos.interchange.base import write_text
from protos.timecode import frames_to_srt_time

log = logging.getLogger(__name__)

MAX_LINE = 42


def to_srt(plan: EditPlan, max_line: int = MAX_LINE) -> str:
    cues = []
    for caption in sorted(plan.captions, key=lambda c: (c.record_in, c.record_out)):
        lines = wrap(caption.text, max_line)
        if not lines:
            log.info("empty caption at frame %d left out", caption.record_in)
            continue
        if caption.record_out <= caption.record_in or caption.record_in < 0:
            log.warning("caption %r has no time on the timeline (%d-%d): left out", caption.text,
                        caption.record_in, caption.record_out)
            continue
        if len(lines) > 2:
            log.info("caption at frame %d takes %d lines", caption.record_in, len(lines))
        start, end = frames_to_srt_time(caption.record_in, plan.rate), frames_to_srt_time(caption.record_out, plan.rate)
        cues.append("\n".join([str(len(cues) + 1), f"{start} --> {end}", *lines]))
    return "".join(cue + "\n\n" for cue in cues)  # every cue, the last too, ends with a blank line


def wrap(text: str, max_line: int = MAX_LINE) -> list[str]:
    """Lines of at most ``max_line`` characters, broken between words (a longer word keeps its own line)."""
    return textwrap.wrap(" ".join(text.split()), width=max_line, break_long_words=False, break_on_hyphens=False)


@dataclass
class SrtWriter:
    max_line: int = MAX_LINE
    suffix: str = ".srt"

    def write(self, plan: EditPlan, path: str | Path) -> list[Path]:
        return [write_text(path, to_srt(plan, self.max_line))]
