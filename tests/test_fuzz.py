"""A fuzz test over the demo content: random mutations of its files (byte flips, deleted, duplicated and
re-indented lines, values of another type) must give problems, one line each at a place inside the file,
or content that builds; never an exception. A bounded number of mutations a run (a few seconds); the
seed is printed with any failure, and REPORTER_FUZZ_SEED=<seed> replays that run. Minimal inputs it
found are regular test cases at the end of this file."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from reporter.content.loader import LoadCache, check_content
from reporter.content.parsecache import SourceStore
from reporter.site.pipeline import make_model, make_site

from conftest import ROOT

RUNS = 500  # mutations a run
BUILDS = 4  # of those that still validate, how many are also gathered, computed and rendered
REPORT_DATE = dt.date(2026, 11, 20)

# Values of other types, for a value that was something else.
OTHER_VALUES = ["[]", "{}", "true", "null", "0", "-1", "1e999", "'text'", "2026-13-45", "[a, [b]]", '"\\x00"', "~", "!!str x"]


def _flip_byte(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randrange(len(data))
    value = rng.choice([0, 0x09, 0x0A, 0x22, 0x23, 0x27, 0x3A, 0x5B, 0x7B, 0x80, 0xFF, rng.randrange(256)])
    return data[:at] + bytes([value]) + data[at + 1 :], f"byte {at} set to 0x{value:02x}"


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _delete_line(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    return b"\n".join(lines[:at] + lines[at + 1 :]), f"line {at + 1} deleted"


def _duplicate_line(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    return b"\n".join(lines[: at + 1] + lines[at:]), f"line {at + 1} duplicated"


def _reindent_line(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    shift = rng.choice([-4, -2, -1, 1, 2, 4])
    line = lines[at]
    lines[at] = b" " * shift + line if shift > 0 else line[min(-shift, len(line) - len(line.lstrip(b" "))) :]
    return b"\n".join(lines), f"line {at + 1} re-indented by {shift}"


def _swap_type(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    values = [i for i, line in enumerate(lines) if b": " in line and not line.lstrip().startswith(b"#")]
    if not values:
        return _flip_byte(data, rng)
    at = rng.choice(values)
    key = lines[at].split(b": ", 1)[0]
    other = rng.choice(OTHER_VALUES)
    lines[at] = key + b": " + other.encode()
    return b"\n".join(lines), f"line {at + 1} value replaced by {other}"


MUTATIONS: list[Callable[[bytes, random.Random], tuple[bytes, str]]] = [
    _flip_byte,
    _delete_line,
    _duplicate_line,
    _reindent_line,
    _swap_type,
]


def _check_places(content: Path, problems: list, texts: dict[str, bytes], what: str) -> None:
    """Every problem is one line, and a problem in a file is at a line and column inside it."""
    for problem in problems:
        shown = str(problem)
        assert "\n" not in shown and "\r" not in shown, f"{what}: a problem of more than one line: {shown!r}"
        relative = Path(problem.path).relative_to("content").as_posix() if problem.path.startswith("content/") else None
        data = texts.get(relative) if relative else None
        if data is None:
            assert (problem.line, problem.col) == (1, 1), f"{what}: {shown}"
            continue
        lines = data.decode("utf-8", "replace").split("\n")
        assert 1 <= problem.line <= len(lines) + 1, f"{what}: line outside the file: {shown}"
        width = len(lines[problem.line - 1]) if problem.line <= len(lines) else 0
        assert 1 <= problem.col <= width + 2, f"{what}: column outside its line: {shown}"


def test_mutated_demo_files_give_messages_never_exceptions(tmp_path, monkeypatch):
    seed = int(os.environ.get("REPORTER_FUZZ_SEED", random.SystemRandom().randrange(2**32)))
    rng = random.Random(seed)
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    content = Path("content")
    files = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.yaml"))
    originals = {path: (content / path).read_bytes() for path in files}
    # Parsed files kept by their bytes, in memory: each run parses only the file it mutated.
    store, cache = SourceStore(), LoadCache()
    builds = 0
    for run in range(RUNS):
        path = rng.choice(files)
        mutated, how = rng.choice(MUTATIONS)(originals[path], rng)
        what = f"REPORTER_FUZZ_SEED={seed}, run {run}: {path}: {how}"
        (content / path).write_bytes(mutated)
        try:
            accepted, problems = check_content(content, store, cache)
            _check_places(content, problems, {**originals, path: mutated}, what)
            if accepted is not None and builds < BUILDS:
                builds += 1
                assert "index.md" in make_site(content, REPORT_DATE).pages
        except AssertionError:
            raise
        except Exception as exc:  # the point of the test: say which input, then fail
            pytest.fail(f"{what}: {type(exc).__name__}: {exc}")
        finally:
            (content / path).write_bytes(originals[path])


# --- minimal inputs the fuzz test found, as regular cases ------------------------------------------


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_update_on_the_last_accepted_day_has_its_week_2201_w01(mini):
    # 2200-12-31 is a Wednesday of ISO week 2201-W01: a week name past the accepted years once crashed.
    updates = mini / "projects/alpha/updates"
    (updates / "2026-03-13.yaml").rename(updates / "2200-12-31.yaml")
    _replace(updates / "2200-12-31.yaml", "date: 2026-03-13", "date: 2200-12-31")
    pages = make_site(mini, dt.date(2200, 12, 31)).pages
    assert [page for page in pages if "2201-W01" in page] == ["weeks/2201-W01.md"]


def test_a_pace_whose_forecast_falls_after_year_9999_has_no_forecast(mini):
    # 0.000001% done on working day 5 of 23 (January 1900, from Monday the 1st; the status date is the
    # milestone done on the 5th): ES = 23 x 10^-8, IEAC(t) = PD x AT / ES = 23 x 5 / (2.3 x 10^-7) = 5 x 10^8
    # working days, some 1.9 million years: past the calendar's end (the report date changes nothing).
    for update in (mini / "projects/alpha/updates").iterdir():
        update.unlink()
    plan = mini / "projects/alpha/plan.yaml"
    _replace(plan, "start: 2026-01-05\nfinish: 2026-06-26", "start: 1900-01-01\nfinish: 1900-01-31")
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text[: text.index("tasks:")]
        + "tasks:\n  - id: all\n    name: All\n    start: 1900-01-01\n    finish: 1900-01-31\n    progress: 0.000001\n"
        + text[text.index("risks:") :],
        encoding="utf-8",
    )
    _replace(plan, "done: 2026-03-06", "done: 1900-01-05")
    _, model = make_model(mini, dt.date(2200, 12, 31))
    schedule = model.report.project("alpha").earned_schedule
    assert (schedule.pd, schedule.at, schedule.es, schedule.ieac_t) == (23, 5, Decimal("2.3E-7"), Decimal("5E+8"))
    assert schedule.forecast_finish is None
    assert "index.md" in make_site(mini, dt.date(2200, 12, 31)).pages
