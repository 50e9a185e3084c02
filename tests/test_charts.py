"""Metric charts: what each kind draws, value labels with units, targets, RAG, markers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reportgen.dates import parse_date
from reportgen.load import load_dataset
from reportgen.metrics import Drawn, drawn_kind, format_value, rag_status
from reportgen.model import ChartKind, Dataset, MetricPoint, MetricSeries
from reportgen.render.charts import chart_size, metric_figure
from reportgen.theme import Theme

ROOT = Path(__file__).resolve().parent.parent
THEME = Theme()


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset([ROOT / "events"])[0]


def series(dataset: Dataset, series_id: str) -> MetricSeries:
    return next(m for m in dataset.metrics if m.id == series_id)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (78.5, "%", "78.5 %"),
        (90, "%", "90 %"),
        (590000, "£", "£590,000"),
        (45, "people", "45 people"),
        (2, "", "2"),
        (0.125, "x", "0.12 x"),
    ],
)
def test_format_value(value, unit, expected):
    assert format_value(value, unit) == expected


def make(values, target=None, higher_is_better=True, kind=ChartKind.BAR) -> MetricSeries:
    points = tuple(MetricPoint(str(i), v) for i, v in enumerate(values))
    return MetricSeries(
        id="s",
        name="S",
        unit="%",
        points=points,
        target=target,
        higher_is_better=higher_is_better,
        chart=kind,
    )


@pytest.mark.parametrize(
    ("values", "target", "higher", "expected"),
    [
        ([78.5], 90, True, "red"),  # 11.5 below a 90 target: more than 10 % of it
        ([50, 85], 90, True, "amber"),  # latest 85: within 9 of 90
        ([81], 90, True, "amber"),  # exactly 10 % below
        ([95], 90, True, "green"),
        ([90], 90, True, "green"),
        ([12], 10, False, "red"),
        ([10.5], 10, False, "amber"),
        ([8], 10, False, "green"),
        ([80], None, True, None),
    ],
)
def test_rag_status(values, target, higher, expected):
    assert rag_status(make(values, target, higher)) == expected


def test_rag_uses_the_latest_dated_point():
    points = (
        MetricPoint("2023", 95, date=parse_date("2023")),
        MetricPoint("2020", 50, date=parse_date("2020")),
    )
    assert rag_status(replace(make([0], 90), points=points)) == "green"


def test_a_single_value_against_a_target_is_a_bullet_with_its_status_in_shape_and_word(dataset):
    m = series(dataset, "calls-999-10s")
    assert drawn_kind(m) is Drawn.BULLET  # one bar on a nine-month date axis said nothing
    fig = metric_figure(m, dataset, THEME, marking="OFFICIAL")
    bar = fig.data[0]
    assert bar.orientation == "h" and list(bar.text) == ["78.5 % (Jun 2023)"]
    assert any(s.x0 == 90 == s.x1 for s in fig.layout.shapes)  # the target, as a heavy tick
    texts = [a.text for a in fig.layout.annotations]
    assert any("✖ RED" in t for t in texts)  # a shape and a word, not colour alone
    assert any("National target 90 %" in t for t in texts)
    assert fig.layout.xaxis.range == (0, 100)  # a share is drawn on its whole scale


def test_monthly_values_are_drawn_as_a_line_with_the_target():
    points = tuple(
        MetricPoint(f"{m} 2024", v, date=parse_date(f"{m} 2024"))
        for m, v in (("Jan", 81), ("Feb", 84), ("Mar", 79), ("Apr", 88), ("May", 91))
    )
    m = MetricSeries(id="m", name="Monthly", unit="%", points=points, target=90)
    assert m.chart is ChartKind.BAR and drawn_kind(m) is Drawn.LINE
    fig = metric_figure(m, Dataset(metrics=(m,)), THEME)
    assert fig.data[0].type == "scatter" and "lines" in fig.data[0].mode
    assert any(s.y0 == 90 == s.y1 for s in fig.layout.shapes)


def test_an_axis_that_does_not_start_at_zero_says_so():
    points = tuple(
        MetricPoint(str(y), v, date=parse_date(str(y))) for y, v in ((2021, 1250), (2022, 1281), (2023, 1310))
    )
    m = MetricSeries(id="h", name="Headcount", unit="officers", points=points, chart=ChartKind.LINE)
    fig = metric_figure(m, Dataset(metrics=(m,)), THEME)
    low = fig.layout.yaxis.range[0]
    assert 0 < low < 1250
    assert any("not zero" in a.text and "Axis starts at" in a.text for a in fig.layout.annotations)
    flat = replace(m, points=(*points, MetricPoint("2024", 20, date=parse_date("2024"))))
    assert metric_figure(flat, Dataset(metrics=(flat,)), THEME).layout.yaxis.range[0] == 0


def test_categories_that_would_print_the_same_grey_differ_in_pattern(dataset):
    from reportgen.render.plotting import GREY_STEP, luma

    for id_ in ("peel-grade-counts", "peel-2023-grades"):
        fig = metric_figure(series(dataset, id_), dataset, THEME)
        bars = [t for t in fig.data if t.type == "bar"]
        looks = []
        for t in bars:
            colours = t.marker.color if isinstance(t.marker.color, tuple) else [t.marker.color]
            shapes = t.marker.pattern.shape
            shapes = shapes if isinstance(shapes, tuple) else [shapes or ""] * len(colours)
            looks += list(zip(colours, shapes, strict=True))
        for i, (c1, p1) in enumerate(looks):
            for c2, p2 in looks[i + 1 :]:
                if c1 != c2:
                    assert abs(luma(c1) - luma(c2)) >= GREY_STEP or p1 != p2, (id_, c1, c2)
                    # hatching greys a fill, so two colours never share a hatch
                    assert not (p1 and p1 == p2), (id_, c1, c2, p1)


def test_every_kind_uses_theme_font_fixed_uids_and_carries_the_marking(dataset):
    kinds = set()
    for m in dataset.metrics:
        fig = metric_figure(m, dataset, THEME, marking="OFFICIAL-SENSITIVE")
        kinds.add(m.chart)
        assert fig.layout.font.family == "DejaVu Sans"
        assert [t.uid for t in fig.data] == [f"metric-{m.id}-{i}" for i in range(len(fig.data))]
        markings = [a for a in fig.layout.annotations if "OFFICIAL-SENSITIVE" in a.text]
        assert len(markings) == 2
        assert (fig.layout.width, fig.layout.height) == chart_size(m)
    assert kinds >= {ChartKind.BAR, ChartKind.HBAR, ChartKind.STACKED, ChartKind.GRADES}


def test_marking_none_draws_no_marking(dataset):
    fig = metric_figure(series(dataset, "calls-999-10s"), dataset, THEME, marking="NONE")
    assert not any("OFFICIAL" in a.text for a in fig.layout.annotations)


def test_grades_axis_is_named_by_the_scale_and_bars_coloured_by_grade(dataset):
    m = series(dataset, "peel-2023-grades")
    fig = metric_figure(m, dataset, THEME)
    # each bar names its grade; the axis names the ends of the scale (five names under it collide)
    assert list(fig.layout.xaxis.tickvals) == list(range(1, len(m.scale) + 1))
    assert fig.layout.xaxis.title.text == f"grade: {m.scale[0]} (1) to {m.scale[-1]} ({len(m.scale)})"
    bar = fig.data[0]
    assert "Outstanding" in bar.text and "Requires improvement" in bar.text
    colours = dict(zip(bar.text, bar.marker.color, strict=True))
    assert colours["Requires improvement"] == THEME.amber
    assert colours["Good"] == THEME.green


def test_money_hbar_labels_in_pounds(dataset):
    fig = metric_figure(series(dataset, "investment-2024"), dataset, THEME)
    assert list(fig.data[0].text) == ["£590,000", "£800,000"]
    assert fig.data[0].orientation == "h"
    assert fig.layout.xaxis.range[1] > 800000


def test_stacked_has_one_trace_per_group_and_totals(dataset):
    fig = metric_figure(series(dataset, "peel-grade-counts"), dataset, THEME)
    assert fig.layout.barmode == "stack"
    names = [t.name for t in fig.data if t.type == "bar"]
    assert "Inadequate" in names and "Outstanding" in names
    totals = next(t for t in fig.data if t.type == "scatter")
    assert "total 10 areas" in totals.text


def test_line_chart_on_a_time_axis_with_markers():
    points = tuple(MetricPoint(d, v, date=parse_date(d)) for d, v in (("2020", 79), ("2023", 93)))
    m = MetricSeries(id="l", name="Line", unit="%", points=points, chart=ChartKind.LINE, marker_events=("e",))
    from reportgen.model import Event

    ds = Dataset(events=(Event(id="e", date=parse_date("16 Feb 2022"), title="Plan launched"),), metrics=(m,))
    fig = metric_figure(m, ds, THEME)
    assert fig.layout.xaxis.type == "date"
    assert list(fig.data[0].text) == ["79 %", "93 %"]
    assert any("Plan launched" in a.text for a in fig.layout.annotations)


def test_data_text_is_not_read_as_plotly_html():
    m = replace(make([1]), points=(MetricPoint("<b>bold</b> & <a href='x'>", 1),), name="<i>n</i>")
    fig = metric_figure(m, Dataset(metrics=(m,)), THEME)
    assert fig.data[0].x[0] == "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href='x'&gt;"


@pytest.mark.chromium
def test_exported_svg_keeps_text_as_text(dataset, exporter):
    m = series(dataset, "calls-999-10s")
    fig = metric_figure(m, dataset, THEME, marking="OFFICIAL")
    svg = exporter.render(fig, "svg", width=fig.layout.width, height=fig.layout.height)
    assert b"78.5 % (Jun 2023)" in svg and b"OFFICIAL" in svg and b"DejaVu Sans" in svg
    assert svg == exporter.render(fig, "svg", width=fig.layout.width, height=fig.layout.height)
