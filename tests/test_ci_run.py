"""The weekly CI run as `reporter init` writes it: build, then send the digest once, remembered across runners.

A repository made by `reporter init`, with a notify section (an email list on a real SMTP server and
a Mattermost channel on a real HTTP server, both on localhost), pushed to a bare "origin". Each CI
runner is a fresh clone that runs the `build` job's and the `notify` job's shell steps from the
generated GitHub workflow, as GitHub would: the first run sends the digest to both channels; a second
runner, in the same week, fetches the note the first pushed and sends nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import yaml

from reporter.authoring.scaffold import init_repository

from conftest import ROOT
from notify_servers import smtp_server, webhook_server


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null"}
    env |= {
        "GIT_AUTHOR_NAME": "PMO",
        "GIT_AUTHOR_EMAIL": "pmo@example.org",
        "GIT_COMMITTER_NAME": "PMO",
        "GIT_COMMITTER_EMAIL": "pmo@example.org",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


def _runner(origin: Path, folder: Path, shim: Path, env: dict[str, str], jobs: dict, names: list[str]) -> list[str]:
    """A fresh clone that runs the `run:` steps of the named jobs in bash, in order; each step's output."""
    _git(origin.parent, "clone", "-q", str(origin), str(folder))
    outputs = []
    for name in names:
        for step in jobs[name]["steps"]:
            if "run" not in step or step["name"] == "Install reporter":
                continue  # reporter is the code under test, on PATH through the shim
            run = subprocess.run(
                ["bash", "-e", "-c", step["run"]],
                cwd=folder,
                env={**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT), **env},
                capture_output=True,
                text=True,
            )
            assert run.returncode == 0, f"{step['name']}: {run.stdout}{run.stderr}"
            outputs.append(run.stdout + run.stderr)
    return outputs


def test_the_weekly_run_sends_the_digest_once(tmp_path: Path):
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "reporter").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m reporter "$@"\n', encoding="utf-8")
    (shim / "reporter").chmod(0o755)

    work = tmp_path / "work"
    today = dt.date.today()
    init_repository(work, today, "https://git.example.org/tools/reporter")
    workflow = yaml.safe_load((work / ".github/workflows/status-site.yml").read_text(encoding="utf-8"))
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))

    with smtp_server() as (port, mailbox), webhook_server() as (base, posted):
        portfolio = work / "content/portfolio.yaml"
        portfolio.write_text(
            portfolio.read_text(encoding="utf-8")
            + "\nnotify:\n  channels:\n"
            + f"    - {{id: leadership, type: email, smtp: {{host: 127.0.0.1, port: {port}, security: none}},"
            + " sender: Status <status@example.org>, to: [leadership@example.org]}\n"
            + "    - {id: team-chat, type: mattermost, url_env: STATUS_CHAT_WEBHOOK}\n",
            encoding="utf-8",
        )
        _git(work, "init", "-q", "-b", "main")
        _git(work, "add", "-A")
        _git(work, "commit", "-q", "-m", "Status repository")
        _git(work, "push", "-q", str(origin), "main")

        env = {"STATUS_CHAT_WEBHOOK": f"{base}/ok", "SITE_URL": "https://status.example.org/"}
        first = _runner(origin, tmp_path / "runner-1", shim, env, workflow["jobs"], ["build", "notify"])
        assert (tmp_path / "runner-1/site/index.html").is_file()
        assert first[2] == "leadership: sent 1 message (email)\nteam-chat: sent 1 message (mattermost)\n"
        assert len(mailbox.messages) == 1 and len(posted) == 1
        assert "Full report: <https://status.example.org/weeks/" in posted[0].json()["text"]

        second = _runner(origin, tmp_path / "runner-2", shim, env, workflow["jobs"], ["notify"])
        assert [
            line.split(":")[0] + ": " + line.split(": ", 1)[1].split(" went out at ")[0] for line in second[1].splitlines()
        ] == [
            f"leadership: the digest of {_week(today)}",
            f"team-chat: the digest of {_week(today)}",
        ]
        assert len(mailbox.messages) == 1 and len(posted) == 1


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
