"""Parsed files kept by their bytes: the same records back, nothing written before a build succeeds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from reportgen.inputs import read_all
from reportgen.load import MEMO_SUFFIXES, LoadOptions, Memo, load_inputs
from reportgen.load.memo import _plain, _untag

ROOT = Path(__file__).resolve().parents[1]
DATA = [ROOT / "events", ROOT / "tests" / "data" / "timelinejs" / "houston.json"]


def test_every_parsed_file_comes_back_the_same(tmp_path):
    from reportgen.load import _parse

    inputs = read_all(DATA)
    for path in inputs.files:
        raw = _parse(path, inputs.data[path], LoadOptions())
        back = json.loads(json.dumps(_plain(raw)), object_hook=_untag)
        assert back == raw, path


def test_a_memo_gives_the_same_dataset_and_is_written_only_on_save(tmp_path):
    inputs = read_all(DATA)
    plain, _ = load_inputs(inputs)
    memo = Memo(tmp_path / "parsed")
    first, _ = load_inputs(inputs, memo=memo)
    assert not (tmp_path / "parsed").exists()  # nothing before the build has succeeded
    memo.save()
    kept = [p for p in inputs.files if p.suffix in MEMO_SUFFIXES]
    assert len(list((tmp_path / "parsed").glob("*.json"))) == len(kept) >= 4  # the YAML files
    again = Memo(tmp_path / "parsed")
    second, _ = load_inputs(inputs, memo=again)
    assert first == plain and second == plain
    assert not again.pending  # every file came from the memo


def test_a_csv_is_read_again_rather_than_kept(tmp_path):
    """Reading a CSV is as fast as reading its memo back, and writing the memo is slower."""
    events = tmp_path / "events.csv"
    events.write_text("date,title\n2024-01-02,One\n", encoding="utf-8")
    memo = Memo(tmp_path / "parsed")
    dataset, _ = load_inputs(read_all([events]), memo=memo)
    memo.save()
    assert dataset.events[0].title == "One"
    assert not memo.pending and not list((tmp_path / "parsed").glob("*.json"))


def test_a_changed_file_is_parsed_again_and_the_old_entry_goes(tmp_path):
    events = tmp_path / "events.yaml"
    events.write_text("events:\n  - date: 2024-01-02\n    title: One\n", encoding="utf-8")
    memo = Memo(tmp_path / "parsed")
    load_inputs(read_all([events]), memo=memo)
    memo.save()
    events.write_text("events:\n  - date: 2024-01-03\n    title: One\n", encoding="utf-8")
    memo = Memo(tmp_path / "parsed")
    dataset, _ = load_inputs(read_all([events]), memo=memo)
    memo.save()
    assert dataset.events[0].date.earliest == dt.date(2024, 1, 3)
    assert len(list((tmp_path / "parsed").glob("*.json"))) == 1


def test_a_corrupt_entry_is_parsed_again(tmp_path):
    events = tmp_path / "events.yaml"
    events.write_text("events:\n  - date: 2024-01-02\n    title: One\n", encoding="utf-8")
    memo = Memo(tmp_path / "parsed")
    load_inputs(read_all([events]), memo=memo)
    memo.save()
    for entry in (tmp_path / "parsed").glob("*.json"):
        entry.write_text('{"$RawFile": {"nonsense": 1}}')
    dataset, _ = load_inputs(read_all([events]), memo=Memo(tmp_path / "parsed"))
    assert dataset.events[0].title == "One"
