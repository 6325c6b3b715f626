"""Fitting a cut to a target duration: which lines to keep.

The lowest-value lines go first, as long as what is left lands within the tolerance of the target. When it does
not (a short target, long lines), the lines kept are those whose total is closest to the target, within the
tolerance when any set of lines can be, and among those the ones worth most: a knapsack over durations counted
in small steps (at most ``STEPS`` of them up to the target), so a 45 s social cut lands within 5 % of 45 s when
its lines allow it, and 2,000 lines still take well under a second.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: the target is counted in at most this many steps (50 ms for a 100 s target)
STEPS = 2000


def fit_lines(durations: Sequence[float], values: Sequence[float], target: float, tolerance: float) -> list[int]:
    """Indexes of the lines to keep, in order. Every line is kept when they fit; the shortest one alone when none
    fits under the target."""
    n = len(durations)
    if n == 0 or sum(durations) <= target * (1 + tolerance):
        return list(range(n))
    greedy = _lowest_value_out(durations, values, target, tolerance)
    if target * (1 - tolerance) <= sum(durations[i] for i in greedy) <= target * (1 + tolerance):
        return greedy
    step = max(target * (1 + tolerance) / STEPS, 1e-3)
    limit = int(target * (1 + tolerance) / step)
    # total steps -> (value, kept lines as a bit set); the empty cut to start from
    best: dict[int, tuple[float, int]] = {0: (0.0, 0)}
    for i, (duration, value) in enumerate(zip(durations, values)):
        size = max(1, math.ceil(duration / step - 1e-9))  # rounded up: the kept lines never overshoot
        grown = dict(best)
        for total, (worth, kept) in best.items():
            reach = total + size
            if reach <= limit and (reach not in grown or grown[reach][0] < worth + value):
                grown[reach] = (worth + value, kept | (1 << i))
        best = grown
    low = target * (1 - tolerance) / step
    within = [t for t in best if t >= low and t > 0]
    if within:
        chosen = max(within, key=lambda t: (best[t][0], t))
    elif len(best) > 1:
        chosen = max(t for t in best if t > 0)  # nothing lands within: the closest under the target
    else:
        return [min(range(n), key=lambda i: durations[i])]
    kept = best[chosen][1]
    return [i for i in range(n) if kept >> i & 1]


def _lowest_value_out(durations: Sequence[float], values: Sequence[float], target: float,
                      tolerance: float) -> list[int]:
    """The lowest-value lines dropped until the rest fits, then dropped lines that still fit put back."""
    kept = set(range(len(durations)))
    total = sum(durations)
    for i in sorted(kept, key=lambda k: values[k]):
        if total <= target * (1 + tolerance):
            break
        kept.discard(i)
        total -= durations[i]
    for i in sorted(set(range(len(durations))) - kept, key=lambda k: -values[k]):
        if total + durations[i] <= target * (1 + tolerance):
            kept.add(i)
            total += durations[i]
    return sorted(kept)
