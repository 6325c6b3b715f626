"""The take selector of a timeline item (docs/resolve-emulator.md §8a).

What the sources say (R19 README onwards; Studio 21.0.4.5 in davinci-resolve-mcp
``tests/live_workaround_verification.py``, ``case_take_selector``):

* ``AddTake(mediaPoolItem, startFrame, endFrame)`` "initializes a take selector for the timeline item if
  needed": the item's own clip becomes take 1 and the new clip take 2 (one AddTake on a plain item gave two
  takes); the full clip when no range is given. The range is half-open, as in the clipInfo (§8) [choice].
* ``SelectTakeByIndex(2)`` swaps the item's source in place: ``GetMediaPoolItem()`` answers the new take's clip.
* ``GetSelectedTakeIndex()`` and ``GetTakesCount()`` answer 0 on an item that is not a take selector;
  ``FinalizeTake()`` answers False there (davinci-resolve-mcp ``docs/reference/api-coverage.md``), and otherwise
  keeps the selected take and ends the take selector.

Unmeasured, and chosen here: AddTake does not change the selection; a take of another length changes the item's
length from its start, never past the next item on its track (clips never overlap on a track); deleting the
selected take selects take 1; the last take cannot be deleted (an item always shows something); the linked audio
item keeps its own clip; a take must carry the item's kind of media (a video item takes clips with video).
"""

from __future__ import annotations

import math

from resolve_plugin.emulator.editing import record_duration
from resolve_plugin.emulator.model import ClipModel, ItemModel, TakeModel, TimelineModel


def add_take(timeline: TimelineModel, item: ItemModel, clip: ClipModel, start: float | None,
             end: float | None) -> bool:
    if item.clip is None or not clip.alive or not clip.clip_has(item.kind):
        return False
    if clip.is_timeline and clip.timeline is timeline:
        return False  # a timeline cannot be a take of its own item
    frames = clip.clip_frames()
    start = 0 if start is None else start
    end = frames if end is None else end
    if not 0 <= start < end <= frames:
        return False
    if not item.takes:
        item.takes.append(TakeModel(item.clip, item.source_start, item.source_end))
        item.selected_take = 1
    item.takes.append(TakeModel(clip, start, end))
    return True


def select_take(timeline: TimelineModel, item: ItemModel, index: int) -> bool:
    if not 1 <= index <= len(item.takes):
        return False
    item.selected_take = index
    _show(timeline, item, item.takes[index - 1])
    return True


def delete_take(timeline: TimelineModel, item: ItemModel, index: int) -> bool:
    if not 1 <= index <= len(item.takes) or len(item.takes) == 1:
        return False
    del item.takes[index - 1]
    if index == item.selected_take:
        select_take(timeline, item, 1)
    elif index < item.selected_take:
        item.selected_take -= 1
    return True


def finalize_take(item: ItemModel) -> bool:
    if not item.takes:
        return False
    item.takes.clear()
    item.selected_take = 0
    return True


def _show(timeline: TimelineModel, item: ItemModel, take: TakeModel) -> None:
    """The item plays ``take`` from its own start; a longer take stops at the next item on the track."""
    frames = take.end - take.start
    duration = record_duration(frames, take.clip.clip_rate(), timeline.rate)
    where = timeline.track_of(item)
    room = math.inf
    if where is not None:
        track = timeline.tracks[where[0]][where[1] - 1]
        later = [i.offset for i in track.live_items() if i is not item and i.offset >= item.offset]
        room = min(later, default=math.inf) - item.offset
    end = take.end
    if duration > room:
        end = take.start + frames * room / duration
        duration = room
    item.clip, item.name = take.clip, take.clip.name
    item.source_start, item.source_end, item.duration = take.start, end, duration
