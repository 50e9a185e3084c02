"""The public library API: lazy names, and the example in docs/python.md runs as written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from helpers import ROOT

DOC = ROOT / "docs" / "python.md"


def example() -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- python-example -->\n```python\n(.*?)```", text, re.S)
    assert match, "docs/python.md has no marked example"
    return match[1]


def test_importing_reportgen_imports_no_stage():
    code = "import sys, reportgen; print(sorted(m for m in sys.modules if m.startswith('reportgen')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['reportgen']"


def test_every_api_name_resolves():
    import reportgen

    for name in reportgen.__all__:
        assert getattr(reportgen, name) is not None
    with pytest.raises(AttributeError):
        reportgen.no_such_name  # noqa: B018


@pytest.mark.chromium
def test_the_python_docs_example_runs(tmp_path):
    shutil.copytree(ROOT / "events", tmp_path / "events")
    shutil.copy(ROOT / "reportgen.toml", tmp_path / "reportgen.toml")
    (tmp_path / "example.py").write_text(example(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=180
    )
    assert proc.returncode == 0, proc.stderr
    assert "18 events, 5 sources" in proc.stdout
    assert "pages, OFFICIAL ; redone:" in proc.stdout
    assert (tmp_path / "output" / "briefing-pack.pdf").is_file()
    assert b"plotly" in (tmp_path / "timeline-preview.html").read_bytes()
