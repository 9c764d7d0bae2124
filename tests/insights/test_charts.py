"""The value axis of the dashboard's charts: round ticks, and where bars and lines go."""

import math

import pytest

from rightthere.insights.charts import Measure, bar_chart, nice_ticks

HOURS = Measure("average hours", "hours")
CASES = Measure("open cases")
SHARE = Measure("kept", "%")


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 7, [0, 2, 4, 6, 8]),
        (0, 100, [0, 25, 50, 75, 100]),
        (0, 1234, [0, 500, 1000, 1500]),
        (0, 0.58, [0, 0.2, 0.4, 0.6]),
        (0, 12.24, [0, 5, 10, 15]),
        (0, 3, [0, 1, 2, 3]),
        (0, 0, [0, 0.25, 0.5, 0.75, 1]),  # nothing at all: an axis from 0 to 1
        (5, 5, [0, 2, 4, 6]),  # one value: the axis still starts at zero
        (-30, 50, [-50, -25, 0, 25, 50]),  # a fall (complaints down 30 %) goes below zero
        (-3, -1, [-3, -2, -1, 0]),
    ],
)
def test_ticks_are_round_and_cover_the_range_from_zero(low, high, ticks):
    assert nice_ticks(low, high) == ticks


@pytest.mark.parametrize(
    ("high", "ticks"),
    [(0, [0, 1]), (1, [0, 1]), (0.4, [0, 1]), (9, [0, 5, 10]), (7, [0, 2, 4, 6, 8])],
)
def test_counted_things_get_whole_ticks(high, ticks):
    assert nice_ticks(0, high, whole=True) == ticks


@pytest.mark.parametrize("high", [0.003, 0.7, 1, 7, 13, 99.5, 100, 101, 1234, 98765])
def test_there_are_at_most_five_ticks_and_the_last_covers_the_top(high):
    ticks = nice_ticks(0, high)

    assert 2 <= len(ticks) <= 5
    assert ticks[0] == 0 and ticks[-1] >= high
    steps = {round(b - a, 12) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    step = steps.pop()
    assert step / 10 ** math.floor(math.log10(step)) in (1, 2, 2.5, 5)


def test_ticks_refuse_what_is_not_a_number():
    with pytest.raises(ValueError, match="finite"):
        nice_ticks(0, math.inf)


def test_each_bar_stands_on_the_zero_line_and_reaches_its_value():
    chart = bar_chart([("07 Sep", 2.0), ("14 Sep", None), ("21 Sep", 8.0)], title="Resolution time",
                      measure=HOURS, empty="No cases solved.")  # fmt: skip

    zero = next(t.y for t in chart.ticks if t.zero)
    top_tick = chart.ticks[-1]
    first, missing, last = chart.bars
    assert [t.text for t in chart.ticks] == ["0 h", "2 h", "4 h", "6 h", "8 h"]
    assert first.top + first.height == zero and last.top + last.height == zero
    assert last.top == top_tick.y
    assert first.top == pytest.approx(zero - (zero - top_tick.y) / 4, abs=0.1)
    assert (missing.height, missing.text) == (0, "14 Sep: no data")
    assert last.text == "21 Sep: 8 hours"
    assert chart.empty == ""


def test_a_fall_below_zero_hangs_from_the_zero_line():
    chart = bar_chart([("07 Sep", -20.0), ("14 Sep", 40.0)], title="Complaints",
                      measure=Measure("rise", "%"), empty="None.", by_week=True)  # fmt: skip

    zero = next(t.y for t in chart.ticks if t.zero)
    fall, rise = chart.bars
    assert fall.top == zero and fall.height > 0
    assert rise.top + rise.height == zero


def test_a_share_reads_against_the_whole_and_a_target_is_a_labelled_line():
    chart = bar_chart([("07 Sep", 40.0), ("14 Sep", 60.0)], title="Promises kept",
                      measure=SHARE, empty="None.", target=90)  # fmt: skip

    assert chart.ticks[-1].text == "100%"
    (line,) = chart.lines
    assert (line.kind, line.text) == ("target", "target 90%")
    assert chart.summary == (
        "Promises kept by week: 60% in the week of 14 Sep, 40% the week before; "
        "highest 60% (week of 14 Sep), lowest 40% (week of 07 Sep). Target: 90%."
    )


def test_a_chart_with_nothing_to_show_says_what_would_fill_it():
    empty = "No open cases now."
    nothing = bar_chart([("07 Sep", None), ("14 Sep", None)], title="Backlog", measure=CASES,
                        empty=empty)  # fmt: skip
    only_zeros = bar_chart([("07 Sep", 0.0), ("14 Sep", 0.0)], title="Backlog", measure=CASES,
                           empty=empty)  # fmt: skip
    zero_percent = bar_chart([("07 Sep", 0.0)], title="Kept", measure=SHARE, empty=empty)

    assert (nothing.empty, only_zeros.empty) == (empty, empty)
    assert nothing.summary == "Backlog: no data yet."
    assert zero_percent.empty == ""  # none kept is a result, not a missing one


def test_one_point_and_no_points_still_draw_an_axis():
    one = bar_chart([("Tom", 3.0)], title="Load", measure=CASES, empty="-", by_week=False)
    none = bar_chart([], title="Load", measure=CASES, empty="Nobody.", by_week=False)

    assert [t.text for t in one.ticks] == ["0", "1", "2", "3"]
    assert one.summary == "Load: Tom 3 open cases."
    assert (none.empty, [t.text for t in none.ticks]) == ("Nobody.", ["0", "1"])


def test_labels_under_many_bars_thin_out_and_keep_to_their_room():
    points = [(f"{day:02d} Sep", 1.0) for day in range(1, 53)]
    chart = bar_chart(points, title="Backlog", measure=CASES, empty="-")

    shown = [b.axis_label for b in chart.bars if b.axis_label]
    assert 4 <= len(shown) <= 10
    assert all(b.text for b in chart.bars)  # every bar still has its value on hover


@pytest.mark.parametrize(
    ("measure", "value", "text", "tick"),
    [
        (Measure("cost", "£"), 1234.5, "£1,234.50", "£1,234"),
        (Measure("cost", "£"), 240.0, "£240", "£240"),
        (HOURS, 12.25, "12.25 hours", "12.25 h"),
        (SHARE, 82.0, "82%", "82%"),
        (CASES, 11.0, "11 open cases", "11"),
    ],
)
def test_values_read_in_their_unit(measure, value, text, tick):
    assert (measure.text(value), measure.tick(value)) == (text, tick)


def test_a_long_label_goes_on_two_lines_and_the_plot_makes_room_for_it():
    ages = ["under 1 day", "1-3 days", "3-7 days", "1-4 weeks", "over 4 weeks"]
    chart = bar_chart([(age, 2.0) for age in ages], title="Age of open cases", measure=CASES,
                      empty="-", by_week=False)  # fmt: skip
    weeks = bar_chart([("07 Sep", 2.0)], title="Backlog", measure=CASES, empty="-")

    assert chart.bars[0].axis_label == ("under", "1 day")
    assert chart.bars[1].axis_label == ("1-3 days",)
    assert chart.plot_bottom < weeks.plot_bottom  # room under the bars for the second line
    assert chart.bars[0].text == "under 1 day: 2 open cases"
