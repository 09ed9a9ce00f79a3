"""The command line: a thin click shell over the pipeline (load, render, build).

Every error a user can cause ends as a message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

import click

from reporter import __version__
from reporter.errors import ContentError, ReporterError, display_path
from reporter.loader import check_content


class _Date(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):  # noqa: ANN001 - click's signature
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"'{value}' is not a date (YYYY-MM-DD)", param, ctx)


DATE = _Date()
content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The content folder (portfolio.yaml and projects/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reporter")
def main() -> None:
    """Project status sites from YAML plans and weekly updates kept in git."""


@main.command()
@click.argument("content_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("content"))
def validate(content_dir: Path) -> None:
    """Check every file under CONTENT_DIR (default: content/) and report every problem at file:line:col."""
    _, problems = check_content(content_dir)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        click.echo(f"{errors} problem{'s' if errors != 1 else ''} found", err=True)
        sys.exit(1)
    click.echo(f"{display_path(content_dir)}: no problems found", err=True)


@main.command()
@content_option
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where the site is written; replaced only when the build succeeds.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The MkDocs config (default: ./mkdocs.yml, or a built-in Material config when there is none).",
)
@click.option("--today", type=DATE, default=None, help="Report date (default: the plugin's report_date, or today).")
@click.option("--strict", is_flag=True, help="Treat MkDocs warnings as errors.")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' own progress messages.")
def build(content_dir: Path, site_dir: Path, config_file: Path | None, today, strict: bool, verbose: bool) -> None:
    """Validate the content and build the static site; the old site stays if anything fails."""
    from reporter.build import build_site

    _quiet_mkdocs(verbose)
    try:
        out = build_site(content_dir, site_dir, config_file=config_file, today=today, strict=strict)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem))
        raise click.ClickException(f"{len(exc.problems)} problem(s) in the content; the site was not changed")
    except ReporterError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Site built: {display_path(out)}/index.html")


@main.command()
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The MkDocs config whose reporter plugin names the content folder.",
)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(config_file: Path, dev_addr: str) -> None:
    """Preview the site at http://127.0.0.1:8000, rebuilding when content/ changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    try:
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
    except MkDocsException as exc:
        raise click.ClickException(str(exc))


@main.command()
@content_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the Markdown pages into.",
)
@click.option("--today", type=DATE, default=None, help="Report date (default: today).")
def render(content_dir: Path, out_dir: Path, today) -> None:
    """Write the generated Markdown pages into a folder, for another Markdown engine."""
    from reporter.loader import load_content
    from reporter.pages import PageRenderer, write_pages

    try:
        content = load_content(content_dir)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem))
        raise click.ClickException(f"{len(exc.problems)} problem(s) in the content")
    pages = PageRenderer().render(content, today or dt.date.today())
    written = write_pages(pages, out_dir)
    click.echo(f"{len(written)} pages written to {display_path(out_dir)}")


def _quiet_mkdocs(verbose: bool) -> None:
    # MkDocs logs every step at INFO; a build that succeeds should say one line.
    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)
    if not logging.getLogger("mkdocs").handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logging.getLogger("mkdocs").addHandler(handler)
