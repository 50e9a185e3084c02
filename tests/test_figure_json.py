"""Our figures are valid plotly, checked here rather than while every build runs.

Figures are made with `plotting.new_figure`, which stores what it is given without plotly's
validation (~0.1 s of a rebuild). Each figure must come out of plotly's own validation
unchanged: the same JSON once every property has been checked and coerced.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from reportgen.cache import CHART, TIMELINE_FIGURE
from reportgen.config import load_config
from reportgen.dates import parse_date
from reportgen.figureset import Figures
from reportgen.model import ChartKind, Dataset, Event, MetricPoint, MetricSeries
from reportgen.prepare import prepare
from reportgen.render.charts import metric_figure
from reportgen.render.plotting import new_figure
from reportgen.render.timeline import layout_of
from reportgen.theme import Theme

ROOT = Path(__file__).resolve().parent.parent


def as_validated(fig: go.Figure) -> dict:
    """`fig` rebuilt by plotly with validation on: raises on any property plotly does not know."""
    checked = go.Figure(json.loads(pio.to_json(fig, validate=False)))
    return json.loads(pio.to_json(checked, validate=True))


def assert_valid(fig: go.Figure) -> None:
    assert json.loads(pio.to_json(fig, validate=False)) == as_validated(fig)


def dense_csv(folder: Path, n: int = 320) -> Path:
    """More events than the timeline labels one by one: the density strip is drawn."""
    lanes, months = ("Career", "Inspection", "Strategy"), ("Jan", "Mar", "May", "Jul", "Sep", "Nov")
    rows = ["date,title,lane,source"]
    for i in range(n):
        rows.append(f"{1 + i % 28} {months[i % 6]} {2010 + i % 15},Event {i},{lanes[i % 3]},s")
    (folder / "events.csv").write_text("\n".join(rows) + "\n")
    (folder / "sources.yaml").write_text("sources:\n  - id: s\n    title: A source\n    publisher: P\n")
    return folder


@pytest.mark.parametrize("data", ["default", "houston", "dense"])
def test_every_figure_of_a_build_is_valid_plotly(tmp_path, data):
    events = {
        "default": ROOT / "events",
        "houston": ROOT / "tests" / "data" / "timelinejs" / "houston.json",
        "dense": dense_csv(tmp_path) if data == "dense" else None,
    }[data]
    cfg = load_config(ROOT, out_dir=tmp_path / "out", as_of=dt.date(2025, 10, 15), events=[events])
    prep = prepare(cfg)
    figures = Figures(prep)
    names = [
        TIMELINE_FIGURE,
        "timeline.svg",
        *(CHART + m.id for m in prep.dataset.metrics),
    ]  # pack, standalone
    for name in names:
        assert_valid(figures.get(name))
    if data == "dense":
        assert layout_of(figures.get("timeline.svg")).dense
    if data == "default":
        assert len(names) == 2 + 6  # every chart of the default pack was checked


def test_every_chart_kind_is_valid_plotly():
    theme = Theme()
    monthly = tuple(
        MetricPoint(f"{m} 2024", v, date=parse_date(f"{m} 2024"))
        for m, v in (("Jan", 81), ("Feb", 84), ("Mar", 79), ("Apr", 88), ("May", 91))
    )
    yearly = tuple(MetricPoint(str(y), v, date=parse_date(str(y))) for y, v in ((2021, 1250), (2023, 1310)))
    grouped = tuple(MetricPoint(f"Area {i}", i * 3.0, group=g) for i in range(4) for g in ("A", "B"))
    event = Event(id="e", date=parse_date("16 Feb 2022"), title="Plan launched")
    series = [
        MetricSeries(id="line", name="Monthly", unit="%", points=monthly, target=90),
        MetricSeries(
            id="head",
            name="Headcount",
            unit="officers",
            points=yearly,
            chart=ChartKind.LINE,
            marker_events=("e",),
        ),  # fmt: skip
        MetricSeries(id="one", name="One", unit="%", points=(MetricPoint("2024", 71.0),), target=80),
        *(
            MetricSeries(id=kind.value, name=kind.value, unit="£", points=grouped, chart=kind)
            for kind in (ChartKind.BAR, ChartKind.HBAR, ChartKind.STACKED)
        ),
    ]
    for s in series:
        assert_valid(metric_figure(s, Dataset(events=(event,), metrics=(s,)), theme, marking="OFFICIAL"))


def test_a_property_plotly_does_not_know_is_caught():
    """The check above can fail: a figure with a misspelt property does not pass it."""
    with pytest.raises(ValueError, match="colour"):
        as_validated(new_figure(layout={"title": {"text": "x"}, "colour": "red"}))
