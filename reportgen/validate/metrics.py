"""Metric series: chart kind, points (values or grades on a scale), target, and references."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportgen.model import ChartKind, MetricPoint, MetricSeries
from reportgen.sourceloc import SourceLoc
from reportgen.text import suggestion
from reportgen.validate.checker import Checker
from reportgen.validate.records import RawRecord


def metrics(
    check: Checker, records: Sequence[RawRecord], source_ids: list[str], event_ids: list[str]
) -> list[MetricSeries]:
    out: list[MetricSeries] = []
    seen: dict[str, SourceLoc] = {}
    names: dict[str, SourceLoc] = {}
    for rec in records:
        if check.duplicate(rec, check.text(rec, "id"), seen, "metric", rec.loc):
            continue
        metric = _metric(check, rec, source_ids, event_ids)
        if metric is None:
            continue
        if metric.name.casefold() in names:  # two charts with one heading cannot be told apart
            hint = f"metric at {names[metric.name.casefold()]} has the same name; rename one"
            check.warn(rec.at("name"), f"metric name {metric.name!r} is used twice", hint)
        names.setdefault(metric.name.casefold(), rec.loc)
        out.append(metric)
    return out


def _metric(
    check: Checker, rec: RawRecord, source_ids: list[str], event_ids: list[str]
) -> MetricSeries | None:
    chart_text = str(rec.get("chart", "bar")).strip().lower()
    kinds = [k.value for k in ChartKind]
    if chart_text not in kinds:
        check.error(rec.at("chart"), f"unknown chart {chart_text!r}", f"use one of {', '.join(kinds)}")
        chart_text = "bar"
    chart = ChartKind(chart_text)
    scale = tuple(str(s) for s in rec.get("scale", []))
    if chart is ChartKind.GRADES and not scale:
        check.error(
            rec.at("chart"), "a grades chart needs a scale", "add `scale: [Inadequate, …, Outstanding]`"
        )
    points = tuple(p for p in (_point(check, p, scale, chart) for p in rec.get("points", [])) if p)
    if not rec.get("points") and "points" not in rec.reported:
        check.error(rec.at("points"), f"metric {rec.get('id')!r} has no points", "add at least one point")
    sources = check.refs(rec, "sources", "source")
    check.unknown_refs(rec, "sources", sources, source_ids, "source")
    markers = check.refs(rec, "marker_events", "marker_event")
    check.unknown_refs(rec, "marker_events", markers, event_ids, "event")
    target = _number(check, rec, "target")
    marking = check.marking(rec)
    return MetricSeries(
        id=check.text(rec, "id"), name=check.text(rec, "name"), unit=str(rec.get("unit", "")), points=points,
        loc=rec.loc, chart=chart, target=target, target_label=check.text(rec, "target_label"),
        higher_is_better=bool(rec.get("higher_is_better", True)), scale=scale, sources=sources,
        caption=check.text(rec, "caption"), marker_events=markers, marking=marking,
    )  # fmt: skip


def _number(check: Checker, rec: RawRecord, key: str) -> float | None:
    value = rec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        check.error(rec.at(key), f"{key} {value!r} is not a finite number", "write a number, e.g. 78.5")
        return None
    return float(value)


def _point(check: Checker, rec: RawRecord, scale: tuple[str, ...], chart: ChartKind) -> MetricPoint | None:
    date = check.date(rec, "date")
    label = check.text(rec, "label") or (date.display if date else "")
    value, grade = _number(check, rec, "value"), rec.get("grade")
    if grade is not None and "value" in rec.data and rec.data["value"] is not None:
        check.error(rec.loc, "point has both value and grade", "keep one of them")
    elif grade is not None:
        if str(grade) in scale:
            value = float(scale.index(str(grade)) + 1)
        else:
            hint = suggestion(str(grade), scale, f"use one of: {', '.join(scale) or 'add a `scale:` first'}")
            check.error(rec.at("grade"), f"grade {grade!r} is not in the scale", hint)
    elif rec.get("value") is None and "value" not in rec.reported:
        check.error(
            rec.loc, f"point {label!r} has no value", "add `value: …` (or `grade: …` for a grades chart)"
        )
    if chart is ChartKind.LINE and date is None and "date" not in rec.lines:
        check.error(rec.loc, f"point {label!r} has no date", "a line chart needs `date:` on every point")
    if value is None:
        return None
    return MetricPoint(label, value, date, check.text(rec, "group"), check.text(rec, "note"))
