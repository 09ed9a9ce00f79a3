"""Hardening of the commands: every bad option value a usage error, the last-resort guard, build faults
as messages that leave the previous site intact, leftovers of a killed build removed, baseline tags."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import reporter.cli
from reporter.cli import main
from reporter.errors import ReporterError
from reporter.history.gather import gather
from reporter.history.repository import baseline_tag, read_history
from reporter.site.build import remove_leftovers

from conftest import ROOT

TODAY = "2026-03-20"


def _run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


# --- option values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["build", "--as-of", "HEAD@{100}"],
            "'HEAD@{100}': reflog entries (@{...}) differ from clone to clone; name a commit, tag or branch",
        ),
        (
            ["build", "--as-of", "main@{yesterday}"],
            "'main@{yesterday}': reflog entries (@{...}) differ from clone to clone; name a commit, tag or branch",
        ),
        (
            ["build", "--as-of", "@{-1}"],
            "'@{-1}': reflog entries (@{...}) differ from clone to clone; name a commit, tag or branch",
        ),
        (
            ["build", "--as-of", "--upload-pack=x"],
            "'--upload-pack=x' is neither a date (YYYY-MM-DD) nor a revision (a commit, tag or branch)",
        ),
        (["build", "--as-of", "9999-12-31"], "9999-12-31 is outside the dates reporter accepts (1900-01-01 to 2200-12-31)"),
        (["build", "--as-of", "2026-02-30"], "'2026-02-30' is not a date (YYYY-MM-DD)"),
        (["build", "--today", "1899-12-31"], "1899-12-31 is outside the dates reporter accepts (1900-01-01 to 2200-12-31)"),
        (["weekly", "--today", "9999-12-31"], "9999-12-31 is outside the dates reporter accepts (1900-01-01 to 2200-12-31)"),
        (
            ["new", "update", "alpha", "--date", "0001-01-01"],
            "0001-01-01 is outside the dates reporter accepts (1900-01-01 to 2200-12-31)",
        ),
    ],
)
def test_a_bad_option_value_is_a_usage_error(mini, args, message):
    result = _run(*args)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1].endswith(f": {message}")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["weekly", "--week", "9999-W52"],
            "Error: --week: '9999-W52' is outside the dates reporter accepts (1900-01-01 to 2200-12-31)",
        ),
        (
            ["weekly", "--week", "1899-W01"],
            "Error: --week: '1899-W01' is outside the dates reporter accepts (1900-01-01 to 2200-12-31)",
        ),
        (
            ["new", "project", "a" * 300],
            f"Error: '{'a' * 59}…' is not an id: use lowercase letters, digits and hyphens (like 'crm-rollout'), at most 64 characters",
        ),
        (
            ["new", "update", "a" * 300],
            f"Error: '{'a' * 59}…' is not an id: use lowercase letters, digits and hyphens (like 'crm-rollout'), at most 64 characters",
        ),
        (["render", "--out", "content/portfolio.yaml/pages"], "Error: content/portfolio.yaml/pages/data: Not a directory"),
    ],
)
def test_a_value_that_cannot_work_is_a_message(mini, args, message):
    result = _run(*args)
    assert (result.exit_code, result.output.splitlines()[-1]) == (1, message)


def test_reflog_syntax_in_the_plugin_setting_is_a_message(repo):
    repo.commit("Content", "2026-03-13T12:00:00+00:00")
    with pytest.raises(ReporterError) as info:
        gather(repo.root / "content", dt.date(2026, 3, 20), as_of="HEAD@{1}")
    assert str(info.value) == "--as-of: 'HEAD@{1}': reflog entries (@{...}) are not supported; name a commit, tag or branch"


@pytest.mark.parametrize("today", ["1900-01-01", "2200-12-31"])
def test_the_edges_of_the_accepted_dates_build(mini, today):
    # The sitemap's gzip header holds 1970 to 2106: the stamp is the nearest end, the build succeeds.
    result = _run("build", "--content", "content", "--site", "site", "--today", today)
    assert (result.exit_code, result.output.splitlines()[-1]) == (0, "Site built: site/index.html")


# --- the last-resort guard -------------------------------------------------------------------------


def _bug(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("a bug\nwith a second line")


@pytest.mark.internal_error
def test_an_unexpected_exception_is_one_line_and_exit_2(mini, monkeypatch):
    monkeypatch.setattr(reporter.cli, "check_content", _bug)
    result = _run("validate", "content")
    assert (result.exit_code, result.output) == (
        2,
        "internal error: RuntimeError: a bug\\nwith a second line; please report it (`reporter --debug ...` shows "
        "the traceback)\n",
    )


@pytest.mark.internal_error
def test_debug_shows_the_traceback(mini, monkeypatch):
    monkeypatch.setattr(reporter.cli, "check_content", _bug)
    result = _run("--debug", "validate", "content")
    assert isinstance(result.exception, RuntimeError) and "internal error" not in result.output


def test_the_guard_is_reached_only_by_a_bug(mini):
    # A user's mistake is a message of its own (exit 1), never the guard's line.
    (mini / "portfolio.yaml").unlink()
    result = _run("build", "--content", "content", "--site", "site", "--today", TODAY)
    assert result.exit_code == 1 and "internal error" not in result.output


# --- build faults ----------------------------------------------------------------------------------


def _reporter(cwd: Path, *args: str, limit_bytes: int | None = None, **options: object) -> subprocess.CompletedProcess:
    def limit() -> None:
        if limit_bytes is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    env = {**os.environ, "PYTHONPATH": f"{ROOT}", "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "reporter", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, preexec_fn=limit, **options)


@pytest.fixture
def open_folder():
    """A folder every user may read (for a build run as another user), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="reporter-fault-"))
    folder.chmod(0o755)
    shutil.copytree(ROOT / "tests/fixtures/mini", folder / "content")
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


BUILD = ("build", "--content", "content", "--today", TODAY)


def test_a_file_too_large_is_a_message_and_the_site_is_intact(open_folder):
    first = _reporter(open_folder, *BUILD, "--site", "site")
    assert first.returncode == 0, first.stderr
    before = _tree_digest(open_folder / "site")
    run = _reporter(open_folder, *BUILD, "--site", "site", limit_bytes=20_000)
    assert run.returncode == 1
    (line,) = run.stderr.splitlines()
    assert line.startswith("Error: the site was not built: ") and line.endswith(": File too large"), line
    assert _tree_digest(open_folder / "site") == before
    assert sorted(p.name for p in open_folder.iterdir()) == ["content", "site"]


def test_permission_denied_names_the_folder_and_the_site_is_intact(open_folder):
    public = open_folder / "public"
    public.mkdir()
    first = _reporter(open_folder, *BUILD, "--site", "public/site")
    assert first.returncode == 0, first.stderr
    before = _tree_digest(public / "site")
    # A folder the build may not write in: read-only for a user; immutable for root, whom modes do not stop.
    if os.geteuid() == 0:
        lock, unlock, reason = ["chattr", "+i", str(public)], ["chattr", "-i", str(public)], "Operation not permitted"
    else:
        lock, unlock, reason = ["chmod", "555", str(public)], ["chmod", "755", str(public)], "Permission denied"
    if subprocess.run(lock, capture_output=True).returncode != 0:
        pytest.skip("this file system cannot make a folder unwritable to root")
    try:
        run = _reporter(open_folder, *BUILD, "--site", "public/site")
    finally:
        subprocess.run(unlock, check=True)
    assert (run.returncode, run.stderr) == (1, f"Error: the site was not built: public: {reason}\n")
    assert _tree_digest(public / "site") == before


def test_a_full_disk_is_a_message_and_the_site_is_intact(open_folder):
    disk = open_folder / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("a small file system to fill needs `mount` (root)")
    try:
        first = _reporter(open_folder, *BUILD, "--site", "disk/site")
        assert first.returncode == 0, first.stderr
        before = _tree_digest(disk / "site")
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"\0" * (free - 64 * 1024))  # room for a few pages, not a site
        run = _reporter(open_folder, *BUILD, "--site", "disk/site")
        assert run.returncode == 1
        (line,) = run.stderr.splitlines()
        assert line.startswith("Error: the site was not built: ") and line.endswith(": No space left on device"), line
        assert _tree_digest(disk / "site") == before
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "site"]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


# --- leftovers of a killed build ---------------------------------------------------------------------


def test_the_leftovers_of_a_killed_build_are_removed_by_the_next(open_folder):
    # A real build killed while it works: its staging folder stays behind.
    env = {**os.environ, "PYTHONPATH": f"{ROOT}", "PYTHONDONTWRITEBYTECODE": "1"}
    build = subprocess.Popen([sys.executable, "-m", "reporter", *BUILD, "--site", "site"], cwd=open_folder, env=env)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".site-building-") for p in open_folder.iterdir()):
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before it could be killed"
        time.sleep(0.01)
    build.kill()
    build.wait()
    (leftover,) = [p for p in open_folder.iterdir() if p.name.startswith(".site-building-")]
    assert leftover.name.startswith(f".site-building-{build.pid}-")
    old = open_folder / f".site-old-{build.pid}"  # as a kill between the two renames leaves it
    old.mkdir()
    running = open_folder / f".site-building-{os.getpid()}-x"  # this process is alive: a build in progress
    other_site = open_folder / ".other-old-1"
    for folder in (running, other_site):
        folder.mkdir()
    run = _reporter(open_folder, *BUILD, "--site", "site")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in open_folder.iterdir()) == sorted(["content", "site", running.name, other_site.name])


def test_remove_leftovers_keeps_what_is_not_a_builds(tmp_path):
    site = tmp_path / "site"
    gone = subprocess.Popen(["true"])
    gone.wait()
    for name in (f".site-building-{gone.pid}-abc", f".site-old-{gone.pid}", ".site-building-x", "site-old-1", ".site-old-"):
        (tmp_path / name).mkdir()
    (tmp_path / f".site-old-{gone.pid}x").write_text("a file")
    removed = remove_leftovers(site)
    assert sorted(p.name for p in removed) == sorted([f".site-building-{gone.pid}-abc", f".site-old-{gone.pid}"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".site-building-x", "site-old-1", ".site-old-", f".site-old-{gone.pid}x"]
    )


# --- baseline tags -----------------------------------------------------------------------------------


def test_every_baseline_tag_form_coexists(repo):
    first = repo.commit("Plan", "2026-01-05T09:00:00+00:00")
    text = (repo.root / "content/projects/alpha/plan.yaml").read_text().replace("due: 2026-06-19", "due: 2026-07-03")
    second = repo.commit("Replan", "2026-01-12T09:00:00+00:00", files={"content/projects/alpha/plan.yaml": text})
    repo.git("tag", "baseline/alpha", first)
    repo.git("tag", "baseline/alpha@replan", second)  # beside baseline/alpha: git keeps both
    repo.git("tag", "baseline/beta/original", first)  # the older named form is still read
    tags = read_history(repo.root / "content").baseline_tags()
    assert [(b.tag, b.name, b.sha) for b in tags["alpha"]] == [
        ("baseline/alpha@replan", "replan", second),
        ("baseline/alpha", "", first),
    ]
    assert [(b.tag, b.name) for b in tags["beta"]] == [("baseline/beta/original", "original")]
    assert read_history(repo.root / "content").baseline("alpha", "replan").sha == second


def test_baseline_tag_names():
    assert baseline_tag("baseline/crm") == ("crm", "")
    assert baseline_tag("baseline/crm@q3.v2") == ("crm", "q3.v2")
    assert baseline_tag("baseline/crm/q3") == ("crm", "q3")
    assert baseline_tag("release/crm") is None
    assert baseline_tag("baseline/crm/q3/x") is None


def test_a_baseline_name_no_tag_has_is_said(repo):
    plan = repo.root / "content/projects/alpha/plan.yaml"
    plan.write_text(plan.read_text().replace("summary:", "baseline: q3\nsummary:"))
    first = repo.commit("Plan", "2026-01-05T09:00:00+00:00")
    repo.git("tag", "baseline/alpha@q2", first)
    data = gather(repo.root / "content", dt.date(2026, 3, 20))
    assert "alpha: the plan's baseline 'q3' has no tag baseline/alpha@q3 (named baselines of alpha: q2)" in data.notes
    assert "alpha" not in data.baselines
