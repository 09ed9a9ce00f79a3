"""The MkDocs plugin under plain `mkdocs build`: every user mistake is a message, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import GitRepo


def _mkdocs_build(folder, options: str):
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "mkdocs.yml").write_text(
        f"site_name: Mini\ntheme: {{name: material}}\nplugins:\n  - reporter:\n      content_dir: content\n{options}",
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", "out"],
        cwd=folder,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            "      report_date: 2026-03-13\n      templates_dir: no-such-templates\n",
            "ERROR   -  reporter: templates_dir {folder}/no-such-templates: there is no such folder",
        ),
        ("      report_date: '13 March'\n", "ERROR   -  reporter: report_date '13 March' is not a date (YYYY-MM-DD)"),
        (
            "      report_date: 2026-03-13\n      as_of: 2026-03-06\n",
            "ERROR   -  reporter: --as-of 2026-03-06 needs git history, and there is none",
        ),
    ],
)
def test_a_wrong_setting_is_a_message(mini, options, message):
    run = _mkdocs_build(mini.parent, options)
    assert run.returncode == 1
    assert message.format(folder=mini.parent) in run.stderr
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout


def test_bad_content_is_a_message_with_its_place(mini):
    (mini / "projects/alpha/plan.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    run = _mkdocs_build(mini.parent, "      report_date: 2026-03-13\n")
    assert run.returncode == 1
    assert "ERROR   -  content/projects/alpha/plan.yaml:1:7: YAML syntax error: " in run.stderr
    assert "Traceback" not in run.stderr


def test_a_template_folder_missing_a_template_is_a_message(mini):
    (mini.parent / "my-templates").mkdir()
    run = _mkdocs_build(mini.parent, "      report_date: 2026-03-13\n      templates_dir: my-templates\n")
    assert run.returncode == 1
    assert f"ERROR   -  reporter: template home.md.j2 is missing from {mini.parent}/my-templates" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_as_of_option_rebuilds_the_past(repo: GitRepo):
    updates = repo.root / "content/projects/alpha/updates"
    second = (updates / "2026-03-13.yaml").read_text(encoding="utf-8")
    (updates / "2026-03-13.yaml").unlink()
    repo.commit("First update", "2026-03-06T17:00:00+00:00")
    repo.commit("Second update", "2026-03-13T17:00:00+00:00", files={"content/projects/alpha/updates/2026-03-13.yaml": second})
    run = _mkdocs_build(repo.root, "      as_of: 2026-03-06\n")
    assert run.returncode == 0, run.stderr
    home = (repo.root / "out/index.html").read_text(encoding="utf-8")
    assert "report date <strong>2026-03-06</strong>" in home
    assert not (repo.root / "out/weeks/2026-W11").exists()
