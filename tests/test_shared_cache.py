"""The render cache every output folder shares: what a second folder reuses, what it never trusts.

The store's own rules are tested on bytes (round trip, a damaged entry, the size limit, the
folder's privacy); the builds are real `reportgen build` processes with Chromium, each with
a store of its own, and compare every output with a build that has no store at all.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import shared_cache
from reportgen.shared_cache import RenderStore

ROOT = Path(__file__).resolve().parents[1]
REPORTGEN = [sys.executable, "-m", "reportgen"]
OUTPUTS = (
    "briefing-pack.pdf",
    "briefing-pack-accessible.pdf",
    "briefing-pack.html",
    "timeline.svg",
    "timeline.png",
    "timeline.html",
)
FIGURES = ("timeline", "timeline.svg", "timeline.png", "svg:timeline")  # drawn by Chromium, shared


# -- the store ----------------------------------------------------------------------------------
def test_an_entry_comes_back_as_put_and_is_private(tmp_path: Path) -> None:
    store = RenderStore(tmp_path / "renders", 2**20)
    store.put("a.svg", b"<svg/>")
    assert store.get("a.svg") == b"<svg/>"
    assert store.get("missing.svg") is None
    assert stat.S_IMODE((tmp_path / "renders").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "renders" / "a.svg").stat().st_mode) == 0o600


def test_a_damaged_entry_is_never_used_and_is_deleted(tmp_path: Path) -> None:
    store = RenderStore(tmp_path, 2**20)
    store.put("a.pdf", b"%PDF-1.7 figure")
    entry = tmp_path / "a.pdf"
    raw = entry.read_bytes()
    entry.write_bytes(raw[:-1] + b"X")  # one byte altered
    assert store.get("a.pdf") is None
    assert not entry.exists()
    store.put("b.pdf", b"%PDF-1.7 other")
    (tmp_path / "b.pdf").write_bytes((tmp_path / "b.pdf").read_bytes()[:10])  # cut short
    assert store.get("b.pdf") is None


def test_past_its_limit_the_least_recently_used_entries_go(tmp_path: Path) -> None:
    store = RenderStore(tmp_path, 3 * 1100)  # three entries of ~1 kB and their headers
    for i, name in enumerate(("a", "b", "c")):
        store.put(name, bytes(1000))
        os.utime(tmp_path / name, ns=(i * 10**9, i * 10**9))  # a used first, c last
    assert store.get("a") is not None  # a read: now the most recent
    store.put("d", bytes(1000))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "c", "d"]  # b, the oldest, went
    assert store.status().size <= store.limit
    store.put("huge", bytes(10_000))  # larger than the whole store: not kept, nothing evicted for it
    assert store.get("huge") is None and store.status().entries == 3


def test_a_folder_others_can_read_is_made_private_and_one_not_a_folder_is_passed_over(
    tmp_path: Path,
) -> None:
    open_folder = tmp_path / "open"
    open_folder.mkdir(mode=0o755)
    open_folder.chmod(0o755)
    RenderStore(open_folder, 2**20).put("a", b"x")
    assert stat.S_IMODE(open_folder.stat().st_mode) == 0o700
    (tmp_path / "file").write_text("not a folder")
    store = RenderStore(tmp_path / "file", 2**20)
    store.put("a", b"x")  # no error: the build draws instead
    assert store.get("a") is None
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(target)
    RenderStore(tmp_path / "link", 2**20).put("a", b"x")
    assert list(target.iterdir()) == []  # a link is never followed


def test_an_entry_is_named_by_the_renderer_too(monkeypatch: pytest.MonkeyPatch) -> None:
    name = RenderStore.name("f" * 64, "svg")
    monkeypatch.setattr(shared_cache, "renderer_key", lambda: "another chromium or fonts")
    assert RenderStore.name("f" * 64, "svg") != name
    assert RenderStore.name("f" * 64, "svg").endswith(".svg")


def test_the_folder_and_limit_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPORTGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert shared_cache.folder() == Path("/somewhere/reportgen/renders")
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", "/else")
    assert shared_cache.folder() == Path("/else")
    monkeypatch.setenv("REPORTGEN_CACHE_MB", "1.5")
    assert shared_cache.limit_bytes() == int(1.5 * 2**20)
    monkeypatch.setenv("REPORTGEN_CACHE_MB", "lots")
    assert shared_cache.limit_bytes() == int(shared_cache.DEFAULT_MB * 2**20)
    monkeypatch.setenv("REPORTGEN_CACHE", "off")
    assert RenderStore.from_env() is None


# -- builds -------------------------------------------------------------------------------------
def _env(store: Path | None) -> dict[str, str]:
    env = {**os.environ, "REPORTGEN_RENDERER": "off"}
    if store is None:
        env["REPORTGEN_CACHE"] = "off"
    else:
        env |= {"REPORTGEN_CACHE": "on", "REPORTGEN_CACHE_DIR": str(store)}
    return env


def _build(out: Path, store: Path | None, *extra: str) -> dict[str, object]:
    args = [*REPORTGEN, "build", "--project", str(ROOT), "--out", str(out), "--as-of", "2025-10-15"]
    done = subprocess.run(
        [*args, "--json", *extra], env=_env(store), capture_output=True, text=True, timeout=240, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["result"]  # type: ignore[no-any-return]


def _same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.chromium
@pytest.mark.slow
def test_a_new_folder_reuses_what_another_drew_and_its_outputs_are_byte_identical(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _build(tmp_path / "plain", None)
    assert not store.exists()
    first = _build(tmp_path / "a", store)
    assert set(FIGURES) <= set(first["redone"])  # type: ignore[arg-type]
    entries = sorted(p.name for p in store.iterdir())
    assert len(entries) >= len(FIGURES)
    second = _build(tmp_path / "b", store)
    redone = set(second["redone"])  # type: ignore[arg-type]
    assert not redone & set(FIGURES), redone  # not drawn again…
    assert not any(str(n).startswith(("chart:", "svg:chart:")) for n in redone)
    assert "briefing-pack.pdf" in redone  # …while the pack is still laid out for its folder
    _same_outputs(tmp_path / "plain", tmp_path / "a")
    _same_outputs(tmp_path / "plain", tmp_path / "b")
    assert sorted(p.name for p in store.iterdir()) == entries


@pytest.mark.chromium
@pytest.mark.slow
def test_damaged_entries_are_drawn_again_and_force_reads_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _build(tmp_path / "a", store)
    good = {p.name: p.read_bytes() for p in store.iterdir()}
    for path in store.iterdir():  # every entry altered in its last byte
        raw = path.read_bytes()
        path.write_bytes(raw[:-1] + bytes([raw[-1] ^ 0xFF]))
    again = _build(tmp_path / "b", store)
    assert set(FIGURES) <= set(again["redone"])  # type: ignore[arg-type]
    _same_outputs(tmp_path / "a", tmp_path / "b")
    assert {p.name: p.read_bytes() for p in store.iterdir()} == good  # the store is whole again
    forced = _build(tmp_path / "b", store, "--force")
    assert set(FIGURES) <= set(forced["redone"])  # type: ignore[arg-type]


def test_cache_status_and_clear_say_what_the_store_holds(tmp_path: Path) -> None:
    env = _env(tmp_path / "store")
    RenderStore(tmp_path / "store", 2**20).put("a.svg", b"<svg/>")

    def cache(*args: str) -> str:
        done = subprocess.run(
            [*REPORTGEN, "cache", *args], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert f"render cache on: {tmp_path / 'store'}, 1 render," in cache("status")
    assert cache("clear").startswith("deleted 1 render from")
    assert ", 0 renders, 0.0 MB of 256 MB" in cache("status")
    assert "reportgen cache status" in cache("--help")
    env["REPORTGEN_CACHE"] = "off"
    assert "render cache off (REPORTGEN_CACHE=off)" in cache("status")
