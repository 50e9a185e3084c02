"""Editions: each build whose data changed is recorded and the pack says what changed since the last one."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, run_reportgen
from hypothesis import given
from hypothesis import strategies as st
from pdfcheck import all_text, page_texts

from reportgen.build import build
from reportgen.changes import compare, match
from reportgen.config import load_config

AS_OF = dt.date(2025, 10, 15)
NEW_EVENT = "  - date: 1 Oct 2025\n    title: Neighbourhood surgery in Corby\n    lane: Community\n"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "events", root / "events")
    shutil.copy(ROOT / "reportgen.toml", root / "reportgen.toml")
    return root


def _edit(root: Path) -> None:
    """Add one event, move one event's date, remove one event (as the issue's scenario)."""
    path = root / "events" / "events.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - id: harshita-brella-killed"), text.index("  - id: kettering-visit")
    text = text[:start] + text[end:]
    text = text.replace("date: 20 Jan 2025", "date: 21 Jan 2025", 1)
    text = text.replace("\nevents:\n", "\nevents:\n" + NEW_EVENT, 1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def history(tmp_path_factory, exporter):
    """Edition 1, then the scenario's edit and edition 2 (diff taken in between, before the build)."""
    root = _project(tmp_path_factory.mktemp("editions"))
    first = build(load_config(root, as_of=AS_OF), exporter=exporter)
    _edit(root)
    diff_text = run_reportgen("diff", cwd=root)
    diff_json = run_reportgen("diff", "--json", cwd=root)
    second = build(load_config(root, as_of=AS_OF), exporter=exporter)
    return root, first, second, diff_text, diff_json


def test_first_build_is_edition_one_and_says_so(history):
    root, first, _second, _t, _j = history
    edition = root / "output" / "editions" / "001-2025-10-15"
    assert first.edition == edition
    assert {p.name for p in edition.iterdir()} == {"briefing-pack.pdf", "snapshot.json", "edition.json"}
    text = all_text((edition / "briefing-pack.pdf").read_bytes())
    assert "Edition 1 of 15 Oct 2025: the first edition." in " ".join(text.split())
    assert "Changes since the last edition" not in text  # nothing to compare yet


def test_second_edition_lists_what_was_added_moved_and_removed(history):
    root, _first, second, _t, _j = history
    assert second.edition == root / "output" / "editions" / "002-2025-10-15"
    pdf = (root / "output" / "briefing-pack.pdf").read_bytes()
    assert pdf == (second.edition / "briefing-pack.pdf").read_bytes()
    text = " ".join(all_text(pdf).split())
    assert "Changes since the last edition" in text
    assert "against edition 1 of 15 Oct 2025: +1 event, 1 moved, -1 event" in text
    assert "Events added" in text and "Neighbourhood surgery in Corby" in text
    assert "date moved from 20 Jan 2025 to 21 Jan 2025" in text
    assert "Events removed" in text and "Harshita Brella killed in Corby" in text
    assert "Version history" in text and "first edition" in text
    # the summary points to the section; every page's footer names the edition
    assert "Edition 2 of 15 Oct 2025: +1 event, 1 moved, -1 event since edition 1" in text
    assert all("Edition 2 · 15 Oct 2025" in page for page in page_texts(pdf))
    html = (root / "output" / "briefing-pack.html").read_text(encoding="utf-8")
    assert "date moved from 20 Jan 2025 to 21 Jan 2025" in html


def test_diff_tells_the_same_before_the_build(history):
    _root, _first, _second, text, as_json = history
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "since edition 1 (2025-10-15): +1 event, 1 moved, -1 event"
    assert "+ 1 Oct 2025  Neighbourhood surgery in Corby  (Community)" in lines
    assert "- Nov 2024  Harshita Brella killed in Corby  (Community)" in lines
    assert any(line.startswith("~ Kettering") and "20 Jan 2025 → 21 Jan 2025" in line for line in lines)
    data = json.loads(as_json.stdout)
    assert (len(data["added"]), len(data["changed"]), len(data["removed"])) == (1, 1, 1)
    assert data["changed"][0]["fields"] == [{"field": "date", "old": "20 Jan 2025", "new": "21 Jan 2025"}]
    assert data["metrics"] == []


def test_no_op_and_forced_rebuilds_make_no_edition(history, exporter):
    root = history[0]
    cfg = load_config(root, as_of=AS_OF)
    assert build(cfg, exporter=exporter).edition is None  # a no-op
    forced = build(cfg, exporter=exporter, force=True)
    assert forced.edition is None and not forced.up_to_date
    assert sorted(p.name for p in (root / "output" / "editions").iterdir()) == [
        "001-2025-10-15",
        "002-2025-10-15",
    ]
    assert run_reportgen("diff", cwd=root).stdout.splitlines()[0].endswith(": no changes")


def test_diff_since_a_number_a_day_or_a_snapshot(history):
    root = history[0]
    snapshot = root / "output" / "editions" / "001-2025-10-15" / "snapshot.json"
    for since in ("1", str(snapshot)):
        done = run_reportgen("diff", "--since", since, cwd=root)
        assert done.returncode == 0 and "+1 event, 1 moved, -1 event" in done.stdout.splitlines()[0]
    by_day = run_reportgen("diff", "--since", "2025-12-31", cwd=root)  # the last on or before it: 2
    assert by_day.stdout.splitlines()[0] == "since edition 2 (2025-10-15): no changes"
    missing = run_reportgen("diff", "--since", "9", cwd=root)
    assert (
        missing.returncode == 2 and "no such edition" in missing.stderr and "Traceback" not in missing.stderr
    )


def test_keep_editions_prunes_and_on_change_runs_once_per_new_edition(tmp_path):
    root = _project(tmp_path)
    log = tmp_path / "hook.log"
    hook = f'echo "$REPORTGEN_EDITION $REPORTGEN_EDITION_PACK" >> {log}'
    assert run_reportgen("build", "-q", "--on-change", hook, cwd=root).returncode == 0
    assert run_reportgen("build", "-q", "--on-change", hook, cwd=root).returncode == 0  # no-op: no run
    events = root / "events" / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("\nevents:\n", "\nevents:\n" + NEW_EVENT, 1))
    done = run_reportgen("build", "-q", "--keep-editions", "1", "--on-change", hook, cwd=root)
    assert done.returncode == 0, done.stderr
    runs = log.read_text().splitlines()
    assert [r.split()[0] for r in runs] == ["1", "2"]
    assert runs[1].split()[1].endswith("editions/002-2025-10-15/briefing-pack.pdf")
    assert [p.name for p in (root / "output" / "editions").iterdir()] == ["002-2025-10-15"]


def test_a_failing_hook_is_reported_and_keeps_the_edition(tmp_path):
    root = _project(tmp_path)
    done = run_reportgen("build", "-q", "--on-change", "exit 7", cwd=root)
    assert done.returncode == 0
    assert "--on-change command failed (exit 7); the edition is kept at" in done.stderr
    assert (root / "output" / "editions" / "001-2025-10-15" / "briefing-pack.pdf").is_file()


def test_a_half_written_edition_is_never_seen_and_is_cleaned(history, exporter):
    from reportgen import editions

    root = history[0]
    partial = root / "output" / "editions" / ".partial-003-2025-10-15"
    partial.mkdir()
    (partial / "briefing-pack.pdf").write_bytes(b"%PDF-half")
    assert [e.number for e in editions.history(root / "output")] == [1, 2]
    events = root / "events" / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("21 Jan 2025", "22 Jan 2025", 1))
    result = build(load_config(root, as_of=AS_OF), exporter=exporter)
    assert result.edition is not None and result.edition.name == "003-2025-10-15"
    assert not partial.exists()


def test_same_data_history_and_as_of_give_the_same_pack(history, exporter):
    """Edition numbers come from the folder's history, never the clock: a fresh build of the same
    data over the same history is the same pack, byte for byte."""
    root = history[0]
    out = root / "output"
    before = (out / "briefing-pack.pdf").read_bytes()
    shutil.rmtree(out / ".cache")
    for path in out.glob("*.*"):
        path.unlink()
    result = build(load_config(root, as_of=AS_OF), exporter=exporter)
    assert result.edition is None  # the data is the last edition's: no new one
    assert (out / "briefing-pack.pdf").read_bytes() == before


# -- identity ---------------------------------------------------------------------------------------
def _event(title: str, date: str = "Jan 2025", lane: str = "Career", id: str = "") -> dict:
    return {
        "id": id or f"{date}-{title}", "explicit": bool(id), "title": title, "date": date, "end": "",
        "lane": lane, "status": "past", "description": "", "sources": [], "conflicts": [],
    }  # fmt: skip


def _snap(*events: dict) -> dict:
    return {"events": list(events), "metrics": []}


def test_a_retitled_or_moved_event_is_a_change_not_a_removal_and_an_addition():
    old = _snap(
        _event("Appointed Chief Constable", "Feb 2025"), _event("Control room opened", lane="Strategy")
    )
    new = _snap(_event("Appointed Chief Constable of Northants", "Jan 2025"), _event("Control room opened"))
    changes = compare(old, new)
    assert not changes.added and not changes.removed
    described = [f.describe() for c in changes.changed for f in c.fields]
    assert described == [
        "date moved from Feb 2025 to Jan 2025",
        'title edited (was "Appointed Chief Constable")',
        "lane changed from Strategy to Career",
    ]
    assert changes.summary() == "1 moved, 1 edited"


def test_an_explicit_id_follows_an_event_through_a_new_title():
    old = _snap(_event("Old wording entirely", id="hmic-visit"))
    new = _snap(_event("Inspectorate returns to the force", id="hmic-visit"))
    assert match(old["events"], new["events"]) == [(0, 0)]
    unrelated = _snap(_event("Inspectorate returns to the force"))
    assert compare(old, unrelated).added and compare(old, unrelated).removed


def test_metric_points_added_and_revised():
    series = {"id": "calls", "name": "999 calls", "unit": "%", "target": 90.0}
    old = {
        "events": [],
        "metrics": [{**series, "points": [{"label": "Jun 2023", "group": "", "value": 78.5}]}],
    }
    points = [
        {"label": "Jun 2023", "group": "", "value": 79.0},
        {"label": "Jul 2023", "group": "", "value": 81.0},
    ]
    new = {"events": [], "metrics": [{**series, "points": points}]}
    changes = compare(old, new)
    assert [m.describe() for m in changes.metrics] == [
        "999 calls: Jun 2023 revised from 78.5 % to 79 %",
        "999 calls: Jul 2023 added (81 %)",
    ]
    assert changes.summary() == "999 calls updated"


_titles = st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=30)


@given(st.lists(st.tuples(_titles, st.sampled_from(["A", "B"])), max_size=8, unique=True), st.randoms())
def test_the_same_events_in_any_order_are_no_change(events, rng):
    old = [_event(t, lane=lane) for t, lane in events]
    new = list(old)
    rng.shuffle(new)
    changes = compare(_snap(*old), _snap(*new))
    assert changes.empty and changes.summary() == "no changes"


def test_document_control_from_the_config_is_on_the_cover(tmp_path):
    from reportgen.document import build_document
    from reportgen.document.context import Control
    from reportgen.editions import current
    from reportgen.load import load_dataset
    from reportgen.snapshot import snapshot
    from reportgen.theme import load_theme
    from reportgen.writers.html import write_html

    dataset = load_dataset([ROOT / "events"])[0]
    info = current(tmp_path, snapshot(dataset), AS_OF)  # no history: edition 1
    control = Control(owner="Head of Performance", approved_by="DCC", handling="Not for onward circulation",
                      distribution="Chief Officer Group", review_days=28)  # fmt: skip
    document = build_document(dataset, as_of=AS_OF, title="Pack", edition=info, control=control)
    html = " ".join(write_html(document, load_theme("default"), {}).decode().split())
    rows = (
        ("Edition", "1 of 15 Oct 2025"), ("Owner", "Head of Performance"), ("Approved by", "DCC"),
        ("Handling", "Not for onward circulation"), ("Distribution", "Chief Officer Group"),
        ("Next review", "12 Nov 2025"),
    )  # fmt: skip
    for label, value in rows:
        assert f'<th scope="row">{label}</th><td>{value}</td>' in html, label
    assert document.edition_text == "Edition 1 · 15 Oct 2025"


def test_a_build_killed_after_its_edition_but_before_its_manifest_makes_no_second_edition(tmp_path, exporter):
    """The edition is written before the manifest: a build killed between the two is redone next
    time, finds its data already recorded, and records nothing more."""
    root = _project(tmp_path)
    cfg = load_config(root, as_of=AS_OF)
    first = build(cfg, exporter=exporter)
    (root / "output" / ".cache" / "manifest.json").unlink()  # as if killed just before writing it
    again = build(cfg, exporter=exporter)
    assert again.edition is None  # restored from the cache: the same pack, no new edition
    assert (root / "output" / ".cache" / "manifest.json").is_file()
    assert [p.name for p in (root / "output" / "editions").iterdir()] == [first.edition.name]


def test_a_new_as_of_alone_redraws_the_pack_but_records_no_edition(tmp_path, exporter):
    root = _project(tmp_path)
    build(load_config(root, as_of=AS_OF), exporter=exporter)
    later = build(load_config(root, as_of=AS_OF + dt.timedelta(days=7)), exporter=exporter)
    assert "briefing-pack.pdf" in later.redone and later.edition is None  # the data is edition 1's
    text = " ".join(all_text((root / "output" / "briefing-pack.pdf").read_bytes()).split())
    assert "As of 22 Oct 2025" in text and "Edition 1 · 15 Oct 2025" in text


def test_watch_and_schedule_say_when_the_hook_failed():
    from reportgen.build import BuildResult
    from reportgen.report import rebuilt_line

    problem = "--on-change command failed (exit 7); the edition is kept at e"
    result = BuildResult(
        outputs=(), written=(), seconds=1.0, warnings=(), inputs=(), pages=9, marking="NONE",
        redone=("briefing-pack.pdf",), problems=(problem,),
    )  # fmt: skip
    assert rebuilt_line(result) == f"rebuilt (briefing-pack.pdf) in 1.00 s; warning: {problem}"
