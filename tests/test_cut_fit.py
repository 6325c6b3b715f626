"""Fitting a cut to its target: within the tolerance whenever some set of whole lines can be, lowest value out."""

from __future__ import annotations

import random

from inference_server.cut.fit import fit_lines


def test_the_lowest_value_lines_go_first_when_that_lands_within_the_target():
    kept = fit_lines([10, 10, 10, 10], [0.9, 0.2, 0.8, 0.5], 20, 0.05)
    assert kept == [0, 2]


def test_a_short_target_is_met_by_the_set_of_whole_lines_that_fits_it():
    # dropping the lowest-value line (30 s) leaves 35 s; only 20 + 5 + ... lands within 45 s +- 5 %
    durations, values = [20.0, 30.0, 5.0, 18.0, 9.0], [1.0, 0.5, 0.9, 0.95, 0.7]
    kept = fit_lines(durations, values, 45, 0.05)
    assert 45 * 0.95 <= sum(durations[i] for i in kept) <= 45 * 1.05


def test_many_lines_and_long_targets_stay_within_tolerance():
    r = random.Random(7)
    durations = [r.uniform(1.5, 9.0) for _ in range(600)]
    values = [r.uniform(0.3, 1.6) for _ in durations]
    for target in (30, 45, 60, 300, 1200):
        kept = fit_lines(durations, values, target, 0.05)
        assert target * 0.95 <= sum(durations[i] for i in kept) <= target * 1.05, target


def test_no_line_fits_keeps_the_shortest_whole():
    assert fit_lines([50.0, 60.0, 55.0], [1.0, 1.0, 1.0], 45, 0.05) == [0]


def test_everything_fits_keeps_everything():
    assert fit_lines([5.0, 6.0], [0.1, 0.2], 45, 0.05) == [0, 1]
