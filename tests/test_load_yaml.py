"""YAML loader: line numbers from ruamel, structure from the schema, safe loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import load_errors as problems

from reportgen.errors import ValidationFailed
from reportgen.load import load_dataset

GOOD = """\
# comment lines count too
title: Chief Constable
lanes: [Career, Inspection]
sources:
  - id: polfed-2025-04-25
    publisher: Police Federation
    title: "An interview"
    date: 25 Apr 2025
events:
  - date: 2024-02-16
    title: PEEL report published
    lane: Inspection
    sources: [polfed-2025-04-25]
  - id: appointed
    date: Feb 2025
    title: Appointed
    lane: Career
    source: polfed-2025-04-25
    description:
eras:
  - {title: Acting, start: Oct 2023, end: Feb 2025}
metrics:
  - id: calls
    name: Calls
    unit: "%"
    points:
      - {label: Jun 2023, date: Jun 2023, value: 78.5}
      - {label: 2024, value: 80}
"""


def write(tmp_path: Path, text: str, name: str = "events.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads_with_locations(tmp_path):
    path = write(tmp_path, GOOD)
    dataset, warnings = load_dataset([path])
    assert warnings == []
    assert dataset.title == "Chief Constable" and dataset.lanes == ("Career", "Inspection")
    assert [(e.id, str(e.loc)) for e in dataset.events] == [
        ("2024-02-16-peel-report-published", f"{path}:10"),
        ("appointed", f"{path}:14"),
    ]
    assert dataset.events[0].date.display == "16 Feb 2024" and dataset.events[1].description == ""
    assert dataset.sources[0].loc.line == 5 and dataset.sources[0].date.display == "25 Apr 2025"
    assert dataset.metrics[0].points[1].label == "2024" and dataset.metrics[0].points[0].value == 78.5
    assert dataset.eras[0].title == "Acting"
    assert dataset.inputs == (str(path),)


def test_folder_is_read_in_sorted_order_and_merged(tmp_path):
    write(tmp_path, "sources:\n  - {id: s, publisher: P, title: T}\n", "b-sources.yaml")
    write(tmp_path, "events:\n  - {date: 1997, title: Joined, source: s}\n", "a-events.yml")
    (tmp_path / "notes.txt").write_text("ignored")
    dataset, _ = load_dataset([tmp_path])
    assert dataset.inputs == (str(tmp_path / "a-events.yml"), str(tmp_path / "b-sources.yaml"))
    assert dataset.events[0].sources == ("s",) and dataset.events[0].date.display == "1997"


def test_unknown_keys_get_did_you_mean_with_line(tmp_path):
    path = write(tmp_path, "events:\n  - date: 1997\n    title: x\n    lnae: Career\nevnts: []\n")
    assert problems(path) == [
        f"{path}:4: unknown key 'lnae'; did you mean 'lane'?",
        f"{path}:5: unknown key 'evnts'; did you mean 'events'?",
    ]


def test_every_problem_in_a_file_is_reported(tmp_path):
    text = (
        "events:\n"
        "  - date: 2025-02-30\n    title: a\n"  # 2
        "  - date: Mar 2021\n    end: Jan 2020\n    title: b\n"  # 4
        "  - date: 1997\n    title: [a, b]\n"  # 7
        "  - date: 1997\n    title: c\n    status: done\n"  # 9
    )
    path = write(tmp_path, text)
    found = problems(path)
    assert [line.split(":")[1] for line in found] == ["2", "5", "8", "11"]
    assert found[1] == f"{path}:5: end 'Jan 2020' is before date 'Mar 2021'; swap them"
    assert found[2] == f"{path}:8: 'title' must be text; put the value in quotes"


def test_yaml_syntax_error_has_its_line(tmp_path):
    path = write(tmp_path, "events:\n  - date: 1997\n    title: x\n   bad: [\n")
    (found,) = problems(path)
    assert found.startswith(f"{path}:") and "not valid YAML" in found


def test_duplicate_keys_are_reported_not_silently_merged(tmp_path):
    path = write(tmp_path, "events:\n  - date: 1997\n    title: x\n    title: y\n")
    (found,) = problems(path)
    assert found.startswith(f"{path}:4: not valid YAML")


def test_python_tags_are_data_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    path = write(tmp_path, f'title: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert problems(path) == [f"{path}:1: 'title' must be text; put the value in quotes"]
    assert not marker.exists()


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    (found,) = problems(path)
    assert found.startswith(f"{path}:1: YAML is nested too deeply or too large")


def test_empty_yaml_file_is_a_warning(tmp_path):
    path = write(tmp_path, "# nothing yet\n")
    dataset, warnings = load_dataset([path])
    assert dataset.events == () and [str(w) for w in warnings] == [
        f"{path}:1: warning: file is empty; add `events:` or delete the file"
    ]


def test_non_utf8_yaml(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("events:\n  - date: 1997\n    title: café\n".encode("latin-1"))
    assert problems(path) == [f"{path}:3: not UTF-8 text; save the file as UTF-8"]


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(ValidationFailed) as info:
        load_dataset([tmp_path / "nope"])
    assert str(info.value) == f"{tmp_path / 'nope'}: no such file or folder; check the --events path"
