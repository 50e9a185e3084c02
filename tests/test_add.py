"""`reportgen add`: appends a validated event, keeps comments and order, refuses bad input untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.add import add_event
from reportgen.cli import main
from reportgen.config import load_config
from reportgen.errors import ValidationFailed
from reportgen.load import load_dataset

EVENTS = """\
# Chief Constable timeline -- keep this header
title: Test pack   # pack title
lanes: [Career, Community]

sources:
  - id: polfed-2025   # the Federation interview
    publisher: Police Federation
    title: "An interview: the Chief reflects"

events:
  # career first
  - id: appointed
    date: Feb 2025
    title: Appointed Chief Constable
    lane: Career
    sources: [polfed-2025]
  - date: 16 Feb 2024
    title: Open day   # a community event
    lane: Community
    sources: [polfed-2025]
  # more to come

metrics: []   # none yet
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "events.yaml").write_text(EVENTS, encoding="utf-8")
    return tmp_path


def _added_lines(before: str, after: str) -> list[str]:
    """Lines of `after` that are not in `before`, checking that `before` survived line for line."""
    old, new = before.splitlines(), after.splitlines()
    start = next(i for i, (a, b) in enumerate(zip(old + [None], new, strict=False)) if a != b)
    count = len(new) - len(old)
    assert new[:start] + new[start + count :] == old, "existing lines were changed"
    return new[start : start + count]


def test_add_keeps_comments_order_and_formatting(project: Path) -> None:
    target = project / "events" / "events.yaml"
    fields = {
        "date": "16 Sep 2025",
        "title": "Force open day",
        "lane": "Community",
        "sources": ["polfed-2025"],
    }

    event_id = add_event(target, fields, load_config(project))

    after = target.read_text(encoding="utf-8")
    assert _added_lines(EVENTS, after) == [
        "  - date: 16 Sep 2025",
        "    title: Force open day",
        "    lane: Community",
        "    sources: [polfed-2025]",
    ]
    # the comment that closed the list still closes it
    assert after.index("Force open day") < after.index("# more to come") < after.index("metrics: []")
    dataset, _ = load_dataset([project / "events"])
    assert event_id in {e.id for e in dataset.events}
    assert [e.title for e in dataset.events][-1] == "Force open day" or event_id.endswith("force-open-day")


def test_added_event_is_read_back(project: Path) -> None:
    target = project / "events" / "events.yaml"
    fields = {
        "date": "Oct 2023",
        "end": "Feb 2025",
        "title": "Acting Chief",
        "importance": 5,
        "sources": ["polfed-2025"],
    }
    event_id = add_event(target, fields, load_config(project))
    dataset, _ = load_dataset([project / "events"])
    event = next(e for e in dataset.events if e.id == event_id)
    assert (event.title, event.importance, str(event.date), str(event.end)) == (
        "Acting Chief",
        5,
        "Oct 2023",
        "Feb 2025",
    )


def test_add_creates_a_missing_file_with_a_header(tmp_path: Path) -> None:
    target = tmp_path / "events" / "new.yaml"
    event_id = add_event(target, {"date": "2025", "title": "Founded"}, load_config(tmp_path))
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ") and "events:" in text
    dataset, _ = load_dataset([target])
    assert [e.id for e in dataset.events] == [event_id]


def test_bad_date_is_refused_like_validate_and_file_is_unchanged(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = project / "events" / "events.yaml"
    before = target.read_bytes()

    code = main(["add", "--project", str(project), "--date", "Sept 2O23", "--title", "X", "--no-build"])

    assert code == 2
    assert target.read_bytes() == before
    err = capsys.readouterr().err
    events_line = EVENTS.splitlines().index("events:") + 1
    assert f"{target}:{events_line}: date 'Sept 2O23' is not a date" in err
    assert "did you mean 'Sep 2023'?" in err

    # the same message `reportgen validate` gives for that date in a file
    bad = project / "bad"
    bad.mkdir()
    (bad / "e.yaml").write_text("events:\n  - date: Sept 2O23\n    title: X\n", encoding="utf-8")
    assert main(["validate", "--events", str(bad)]) == 2
    validate_err = capsys.readouterr().err
    message = err.split(f"{target}:{events_line}: ", 1)[1].splitlines()[0]
    assert f"{bad / 'e.yaml'}:2: {message}" in validate_err


def test_unknown_source_is_refused_and_file_is_unchanged(project: Path) -> None:
    target = project / "events" / "events.yaml"
    before = target.read_bytes()
    fields = {"date": "16 Sep 2025", "title": "Open day", "sources": ["polfed-2052"]}
    with pytest.raises(ValidationFailed) as caught:
        add_event(target, fields, load_config(project))
    assert target.read_bytes() == before
    [problem] = [d for d in caught.value.diagnostics if "unknown source" in d.message]
    assert problem.loc.path == str(target)
    assert "did you mean 'polfed-2025'?" in str(problem)


def test_duplicate_id_is_refused(project: Path) -> None:
    target = project / "events" / "events.yaml"
    before = target.read_bytes()
    with pytest.raises(ValidationFailed, match="duplicate event id 'appointed'"):
        add_event(target, {"id": "appointed", "date": "2025", "title": "Again"}, load_config(project))
    assert target.read_bytes() == before


def test_cli_add_no_build(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["add", "--project", str(project), "--date", "16 Sep 2025", "--title", "Force open day"]
    assert main([*argv, "--source", "polfed-2025", "--lane", "Community", "--no-build"]) == 0
    assert "added 2025-09-16-force-open-day to" in capsys.readouterr().out
    assert "Force open day" in (project / "events" / "events.yaml").read_text(encoding="utf-8")


def test_add_follows_a_compact_list_style(tmp_path: Path) -> None:
    target = tmp_path / "e.yml"
    before = "events:\n- date: 2020\n  title: A  # first\n"
    target.write_text(before, encoding="utf-8")
    add_event(
        target, {"date": "2021", "title": "B", "tags": ["x", "y"]}, load_config(tmp_path, events=[target])
    )
    assert _added_lines(before, target.read_text(encoding="utf-8")) == [
        "- date: '2021'",  # quoted: the text as given, not a YAML number
        "  title: B",
        "  tags: [x, y]",
    ]


def test_broken_yaml_is_reported_with_its_line_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "e.yaml"
    target.write_text("events:\n  - date: 2020\n    title: [unclosed\n", encoding="utf-8")
    before = target.read_bytes()
    with pytest.raises(ValidationFailed, match=r"e\.yaml:\d+: not valid YAML"):
        add_event(target, {"date": "2021", "title": "B"}, load_config(tmp_path, events=[target]))
    assert target.read_bytes() == before
