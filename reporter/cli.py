"""The command line: a thin click shell over the pipeline (load, render, build).

Every error a user can cause ends as a message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from reporter import __version__
from reporter.content.loader import check_content
from reporter.content.models import FIRST_DATE, LAST_DATE
from reporter.errors import ContentError, ReporterError, display_path, excerpt, one_line

INTERNAL_ERROR_EXIT = 2  # exit 1 is the user's problem; 2 is reporter's own, a bug to report


def internal_error_reached(exc: BaseException) -> None:
    """Called when the last-resort guard catches an exception: a bug. The test suite replaces it to fail
    any test that gets here (tests/conftest.py)."""


class _Guarded(click.Group):
    """The `reporter` group with a last-resort guard: an exception no command turned into a message (a
    bug) ends as one line and exit 2, not a traceback; `--debug` shows the traceback instead."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's signature
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            internal_error_reached(exc)
            if ctx.meta.get("reporter.debug"):
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {excerpt(exc, 200)}; please report it "
                "(`reporter --debug ...` shows the traceback)",
                err=True,
            )
            ctx.exit(INTERNAL_ERROR_EXIT)


class _Date(click.ParamType):
    """A date option: YYYY-MM-DD within the dates reporter accepts in content (see the README's Limits)."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):  # noqa: ANN001 - click's signature
        if isinstance(value, dt.date):
            return value
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"'{excerpt(value)}' is not a date (YYYY-MM-DD)", param, ctx)
        if not FIRST_DATE <= day <= LAST_DATE:
            self.fail(f"{day} is outside the dates reporter accepts ({FIRST_DATE} to {LAST_DATE})", param, ctx)
        return day


DATE = _Date()
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# What git accepts in a revision name and reporter reads the same in every clone: no reflog (@{...}),
# no option-like leading '-', no spaces or control characters.
_REVISION = re.compile(r"[A-Za-z0-9_./~^][A-Za-z0-9_./~^+-]*")


class _AsOf(click.ParamType):
    """--as-of: a date (as --today takes it) or a git revision named by commit, tag or branch."""

    name = "DATE|REV"

    def convert(self, value, param, ctx):  # noqa: ANN001 - click's signature
        if _DAY.fullmatch(value):
            return DATE.convert(value, param, ctx).isoformat()
        if "@{" in value:
            self.fail(f"'{excerpt(value)}': reflog entries (@{{...}}) differ from clone to clone; name a commit, tag or branch")
        if len(value) > 256 or not _REVISION.fullmatch(value):
            self.fail(f"'{excerpt(value)}' is neither a date (YYYY-MM-DD) nor a revision (a commit, tag or branch)")
        return value


content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The content folder (portfolio.yaml and projects/).",
)

# For the commands that read mkdocs.yml like `reporter build` does: its plugin names the content folder.
configured_content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The content folder (default: the one mkdocs.yml's reporter plugin names, else content/).",
)


def site_option(help_text: str):  # noqa: ANN201 - a click decorator
    """--site DIR, for the commands that build a site."""
    return click.option(
        "--site",
        "site_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("site"),
        show_default=True,
        help=help_text,
    )


def audience_option(what: str):  # noqa: ANN201 - a click decorator
    """--audience NAME, for the commands whose output an audience reads."""
    from reporter.content.audience import AUDIENCES

    return click.option(
        "--audience",
        type=click.Choice(tuple(AUDIENCES)),
        default=None,
        help=f"Make {what} for this audience, without what is marked for a wider circle (default: the plugin's audience).",
    )


config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The MkDocs config (default: ./mkdocs.yml, or a built-in Material config when there is none).",
)


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["reporter.debug"] = value
    return value


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reporter")
@click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_debug,
    help="Show the traceback of an internal error (a bug) instead of one line.",
)
def main() -> None:
    """Project status sites from YAML plans and weekly updates kept in git."""


@main.command()
@click.argument("content_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("content"))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="text: file:line:col: message; github: GitHub Actions annotations (::error file=...::message).",
)
@click.option(
    "--base",
    metavar="REV",
    default=None,
    help="Also check the change since this git revision against portfolio.yaml's review rules.",
)
@click.option("--today", type=DATE, default=None, help="With --base: the report date the change is judged at (default: today).")
def validate(content_dir: Path, output_format: str, base: str | None, today) -> None:
    """Check every file under CONTENT_DIR (default: content/) and report every problem at file:line:col."""
    from reporter.authoring.annotations import github_annotation

    content, problems = check_content(content_dir)
    if base is not None and content is not None and not any(p.severity == "error" for p in problems):
        with _reported():
            problems = problems + _review_problems(content_dir, base, today or dt.date.today())
    for problem in problems:
        click.echo(github_annotation(problem) if output_format == "github" else str(problem))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    also = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    if errors:
        click.echo(f"{errors} problem{'s' if errors != 1 else ''} found{also}", err=True)
        sys.exit(1)
    click.echo(f"{display_path(content_dir)}: no problems found{also}", err=True)


def _review_problems(content_dir: Path, base: str, report_date: dt.date) -> list:
    """The review rules the change from revision `base` to the working tree breaks, at file:line:col."""
    from reporter.compute.status_diff import review, status_diff
    from reporter.history.revisions import content_at

    old, new = content_at(content_dir, base), content_at(content_dir, None)
    changes = status_diff(old.content, new.content, report_date, new.baselines)
    breaks = review(changes, old.content, new.content, new.content.portfolio.review)
    return [new.problem(b.path, b.keys, b.message) for b in breaks]


@main.command("diff")
@click.argument("base", metavar="BASE")
@click.argument("head", metavar="[HEAD]", required=False)
@configured_content_option
@config_option
@click.option(
    "--today", type=DATE, default=None, help="The report date both sides are judged at (default: the plugin's, or today)."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "github"]),
    default="md",
    show_default=True,
    help="md: a Markdown comment for a pull request; github: GitHub Actions annotations on the changed lines.",
)
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write it to this file.")
def status_diff_command(base: str, head: str | None, content_dir, config_file, today, output_format: str, out_file) -> None:
    """What the change from revision BASE to HEAD (default: the working tree) does to the status of each project."""
    from reporter.authoring.annotations import github_annotation
    from reporter.compute.status_diff import review, status_diff
    from reporter.history.revisions import content_at
    from reporter.render.status_diff import notices, render_markdown

    with _reported(problems_to_stderr=True):
        content_dir, configured_date = _configured(content_dir, config_file)
        report_date = today or configured_date or dt.date.today()
        old, new = content_at(content_dir, base), content_at(content_dir, head)
        changes = status_diff(old.content, new.content, report_date, new.baselines)
        breaks = review(changes, old.content, new.content, new.content.portfolio.review)
    problems = [new.problem(b.path, b.keys, b.message) for b in breaks]
    if output_format == "md":
        rendered = render_markdown(changes, base, head or "the working tree", problems)
    else:
        notes = [
            new.problem(path, keys, message, "notice", labelled=False) for path, keys, message in notices(changes, new.content)
        ]
        rendered = "".join(github_annotation(p) + "\n" for p in [*notes, *problems])
    _emit(rendered, out_file)


@main.command()
@configured_content_option
@site_option("Where the site is written; replaced only when the build succeeds.")
@config_option
@click.option("--today", type=DATE, default=None, help="Report date (default: the plugin's report_date, or today).")
@click.option(
    "--as-of",
    "as_of",
    type=_AsOf(),
    default=None,
    help="Build the site as it was: on a date (YYYY-MM-DD) or at a git revision (commit, tag, branch).",
)
@audience_option("the site")
@click.option("--strict", is_flag=True, help="Treat MkDocs warnings as errors.")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' own progress messages.")
def build(
    content_dir: Path | None,
    site_dir: Path,
    config_file: Path | None,
    today,
    as_of: str | None,
    audience: str | None,
    strict: bool,
    verbose: bool,
) -> None:
    """Validate the content and build the static site; the old site stays if anything fails."""
    from reporter.site.build import build_site

    _quiet_mkdocs(verbose)
    with _reported("; the site was not changed"):
        built = build_site(
            content_dir, site_dir, config_file=config_file, report_date=today, as_of=as_of, strict=strict, audience=audience
        )
    for note in built.notes:
        click.echo(f"Note: {note}", err=True)
    click.echo(f"Site built: {display_path(built.site_dir)}/index.html")


@main.command()
@content_option
@site_option("Where the demo site is written.")
@click.option(
    "--replay",
    "replay_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("demo/replay.yaml"),
    show_default=True,
    help="How the demo's plans changed over time (optional).",
)
@click.option(
    "--repo",
    "repo_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the replayed git repository in this (new) folder instead of a temporary one.",
)
@config_option
def demo(content_dir: Path, site_dir: Path, replay_file: Path, repo_dir: Path | None, config_file: Path | None) -> None:
    """Build the demo site: replay CONTENT week by week into a scratch git repository, then build it."""
    import tempfile

    from reporter.authoring.demo import replay
    from reporter.site.build import build_site

    _quiet_mkdocs(False)
    with tempfile.TemporaryDirectory(prefix="reporter-demo-") as scratch:
        repository = repo_dir or Path(scratch) / "repo"
        with _reported("; the site was not changed"):
            replayed = replay(content_dir, replay_file if replay_file.is_file() else None, repository)
            built = build_site(replayed, site_dir, config_file=config_file)
    for note in built.notes:
        click.echo(f"Note: {note}", err=True)
    click.echo(f"Demo site built: {display_path(built.site_dir)}/index.html")


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
        raise click.ClickException(str(exc)) from None


@main.command()
@content_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the Markdown pages into.",
)
@click.option("--today", type=DATE, default=None, help="Report date (default: mkdocs.yml's report_date, or today).")
@audience_option("the pages")
def render(content_dir: Path, out_dir: Path, today, audience: str | None) -> None:
    """Write the generated Markdown pages into a folder, for another Markdown engine."""
    from reporter.render.pages import write_pages
    from reporter.site.build import configured, configured_audience
    from reporter.site.pipeline import make_site

    with _reported():
        _, configured_date = configured(None)  # the same day `reporter build` would report on
        audience = audience or configured_audience(None)
        made = make_site(content_dir, today or configured_date or dt.date.today(), audience=audience)
        files: dict[str, str | bytes] = {**made.pages, **made.downloads}  # with the exports the pages link to
        written = write_pages(files, out_dir)
    click.echo(f"{len(written)} pages written to {display_path(out_dir)}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=True, path_type=Path), default=Path("."))
@click.option("--today", type=DATE, default=None, help="Date of the example project's first update (default: today).")
@click.option(
    "--source",
    metavar="GIT_URL",
    default=None,
    help="The git repository reporter is installed from, for CI and pre-commit (default: left for you to set).",
)
def init(directory: Path, today, source: str | None) -> None:
    """Start a status repository in DIRECTORY (default: .): example content, site config, CI, editor schemas.

    Refuses to overwrite anything: when any of its files exists, it lists them and writes nothing.
    """
    from reporter.authoring.scaffold import init_repository

    with _reported():
        written = init_repository(directory, today or dt.date.today(), source)
    for path in written:
        click.echo(display_path(path))
    shown = display_path(directory)
    click.echo(f"{len(written)} files written. Next, in {shown}: `reporter validate`, then `reporter serve`.", err=True)
    if source is None:
        click.echo(
            "Before CI can run, set REPORTER_PACKAGE in .github/workflows/status-site.yml or .gitlab-ci.yml, "
            "and `repo` in .pre-commit-config.yaml, to where reporter is installed from.",
            err=True,
        )


@main.group()
def new() -> None:
    """Write a new project plan or this week's update, every field explained; never overwrites a file."""


@new.command("project")
@click.argument("project_id", metavar="ID")
@content_option
@click.option("--program", default=None, help="Id of its program (default: the first in portfolio.yaml).")
@click.option("--name", default=None, help="The project's name (default: a TODO to fill in).")
@click.option("--owner", default=None, help="The project manager (default: a TODO to fill in).")
@click.option("--start", type=DATE, default=None, help="Planned start (default: today).")
@click.option("--finish", type=DATE, default=None, help="Planned finish (default: 12 weeks after the start).")
def new_project(content_dir: Path, project_id: str, program, name, owner, start, finish) -> None:
    """Write projects/ID/plan.yaml: a plan skeleton with a comment explaining each field."""
    from reporter.authoring.scaffold import new_project as write_plan

    with _reported():
        start = start or dt.date.today()
        path = write_plan(content_dir, project_id, program=program, name=name, owner=owner, start=start, finish=finish)
    click.echo(display_path(path))
    todo = [field for field, value in (("name", name), ("owner", owner)) if value is None]
    if todo:
        click.echo(f"Fill in {' and '.join(todo)} (still TODO), then run `reporter validate`.", err=True)


@new.command("update")
@click.argument("project_id", metavar="ID")
@content_option
@click.option("--date", "date", type=DATE, default=None, help="The update's date and file name (default: today).")
def new_update(content_dir: Path, project_id: str, date) -> None:
    """Write projects/ID/updates/DATE.yaml, pre-filled from the previous update."""
    from reporter.authoring.scaffold import new_update as write_update

    with _reported():
        path = write_update(content_dir, project_id, date or dt.date.today())
    click.echo(display_path(path))
    click.echo("Write the summary (still TODO), check every carried value, then run `reporter validate`.", err=True)


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write portfolio.schema.json, plan.schema.json and update.schema.json here (replacing them).",
)
def schema(out_dir: Path | None) -> None:
    """Print the JSON Schemas of the content files (for editors), or write them into a folder with --out."""
    from reporter.authoring.schema import all_schemas, dumps, write_schemas

    if out_dir is None:
        click.echo(dumps(all_schemas()), nl=False)
        return
    try:
        written = write_schemas(out_dir)
    except OSError as exc:
        raise click.ClickException(f"{display_path(out_dir)}: {exc.strerror or exc}") from None
    for path in written:
        click.echo(display_path(path))


@main.command()
@configured_content_option
@config_option
@click.option(
    "--week",
    default=None,
    metavar="YYYY-Www|this|last",
    help="The ISO week, e.g. 2026-W47, or this or last (default: the newest week with updates).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="md: plain Markdown for chat tools; html: a self-contained HTML document for email.",
)
@click.option(
    "--today",
    type=DATE,
    default=None,
    help="Report date (default: the plugin's report_date, or today; the Sunday of a named week already over).",
)
@click.option("--site-url", default=None, metavar="URL", help="The published site's URL, to link to the week's page.")
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the digest to this file instead of standard output.",
)
@audience_option("the digest")
def weekly(
    content_dir: Path | None,
    config_file: Path | None,
    week: str | None,
    output_format: str,
    today,
    site_url: str | None,
    out_file: Path | None,
    audience: str | None,
) -> None:
    """Print the weekly digest for email or chat: the week's highlights, flagged projects and every project's status."""
    from reporter.render.digest import build_digest, digest_dates, render_digest
    from reporter.site.pipeline import make_model

    # Problems go to standard error here, so that a digest redirected to a file never holds them.
    with _reported("; run `reporter validate`", problems_to_stderr=True):
        content_dir, configured_date = _configured(content_dir, config_file)
        week, report_date = digest_dates(week, today, configured_date or dt.date.today())
        # The site model, history and all: the digest says what the site says, each event once. (What
        # history lacks is not repeated here: `reporter build` says it, and the digest works without.)
        _, model = make_model(content_dir, report_date, audience=_audience(audience, config_file))
        digest = build_digest(model, week, site_url=site_url)
    rendered = render_digest(digest, output_format)
    _emit(rendered, out_file)


@main.command()
@configured_content_option
@config_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("exports"),
    show_default=True,
    help="Folder to write the CSV files, the workbook and the PDF into (files of the same names are replaced).",
)
@click.option("--today", type=DATE, default=None, help="Report date (default: the plugin's report_date, or today).")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE|REV",
    default=None,
    help="Export the portfolio as it was: on a date (YYYY-MM-DD) or at a git revision (commit, tag, branch).",
)
@audience_option("the files")
def export(content_dir: Path | None, config_file: Path | None, out_dir: Path, today, as_of: str | None, audience) -> None:
    """Write the portfolio, milestones, risks, asks and blockers as CSV and XLSX, and the executive summary as a PDF."""
    from reporter.render.downloads import export_files
    from reporter.site.pipeline import make_model

    with _reported("; nothing was written"):
        content_dir, configured_date = _configured(content_dir, config_file)
        report_date = today or configured_date or dt.date.today()
        _, model = make_model(content_dir, report_date, as_of=as_of, audience=_audience(audience, config_file))
        files = export_files(model)  # everything is made before a byte is written
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, body in files.items():
            (out_dir / name).write_bytes(body)
            click.echo(display_path(out_dir / name))
    except OSError as exc:
        raise click.ClickException(f"{display_path(out_dir)}: {exc.strerror or exc}") from None


channel_option = click.option(
    "--channel",
    "channel_ids",
    multiple=True,
    metavar="ID",
    help="Send only to this channel of notify.channels (repeatable; default: every channel).",
)
dry_run_option = click.option("--dry-run", is_flag=True, help="Print exactly what each channel would be sent; send nothing.")
force_option = click.option("--force", is_flag=True, help="Send again to channels that already had this week's message.")


@main.command()
@configured_content_option
@config_option
@click.option("--week", default=None, metavar="YYYY-Www|this|last", help="The ISO week (default: the newest week with updates).")
@click.option("--today", type=DATE, default=None, help="Report date, as for `reporter weekly`.")
@click.option("--site-url", default=None, metavar="URL", help="The published site's URL (default: notify.site_url).")
@audience_option("the digest")
@channel_option
@dry_run_option
@force_option
def notify(content_dir, config_file, week, today, site_url, audience, channel_ids, dry_run: bool, force: bool) -> None:
    """Send the weekly digest to the channels in portfolio.yaml's notify section, once per week and channel."""
    from reporter.notify.run import digest_deliveries
    from reporter.render.digest import build_digest, digest_dates
    from reporter.site.pipeline import make_model

    with _reported("; run `reporter validate`", problems_to_stderr=True):
        content_dir, configured_date = _configured(content_dir, config_file)
        week, report_date = digest_dates(week, today, configured_date or dt.date.today())
        _, model = make_model(content_dir, report_date, audience=_audience(audience, config_file))
        settings = _notify_settings(model.content.portfolio.notify)
        digest = build_digest(model, week, site_url=site_url or settings.site_url)
    channels = _channels(settings, "digest", channel_ids)
    _send(content_dir, digest_deliveries(channels, digest), "digest", digest.week, dry_run, force)


@main.command()
@content_option
@click.option("--today", type=DATE, default=None, help="Report date (default: today): reminders are for its week.")
@click.option("--any-day", is_flag=True, help="Send even when today is not notify.reminder_day.")
@channel_option
@dry_run_option
@force_option
def remind(content_dir: Path, today, any_day: bool, channel_ids, dry_run: bool, force: bool) -> None:
    """Remind the owners of projects without an update this week, through the channels that send reminders."""
    from reporter.compute.reminders import missing_updates
    from reporter.content.loader import load_content
    from reporter.notify.messages import reachable
    from reporter.notify.run import reminder_deliveries

    with _reported("; run `reporter validate`", problems_to_stderr=True):
        content = load_content(content_dir)
    settings = _notify_settings(content.portfolio.notify)
    report_date = today or dt.date.today()
    if not any_day and report_date.weekday() != settings.reminder_day.number:
        day = report_date.strftime("%A")
        rule = f"reminders go out on {settings.reminder_day.value.capitalize()}s (notify.reminder_day)"
        click.echo(f"{report_date} is a {day}; {rule}. Nothing sent (--any-day sends anyway).")
        return
    reminders = missing_updates(content, report_date)
    channels = _channels(settings, "reminders", channel_ids)
    deliveries = reminder_deliveries(channels, content.portfolio.organisation, reminders, settings, reachable(content.portfolio))
    _send(content_dir, deliveries, "reminders", reminders.week.name, dry_run, force)


def _notify_settings(settings):  # noqa: ANN001, ANN202 - reporter.content.models.Notify, imported lazily
    if settings is None or not settings.channels:
        # Not an error: the CI files run notify and remind on schedule, before anyone has set up a channel.
        click.echo("portfolio.yaml has no notify.channels: nothing to send (see the README's `notify`)", err=True)
        sys.exit(0)
    return settings


def _channels(settings, kind: str, channel_ids: tuple[str, ...]) -> list:  # noqa: ANN001
    from reporter.notify.run import select_channels

    try:
        return select_channels(settings, kind, channel_ids)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


def _send(content_dir: Path, deliveries: list, kind: str, week: str, dry_run: bool, force: bool) -> None:
    import os

    from reporter.notify.marker import MarkerUnavailable, SentMarks
    from reporter.notify.run import send

    try:
        marks: SentMarks | None = SentMarks.of(content_dir)
    except MarkerUnavailable as exc:
        if not (force or dry_run):
            raise click.ClickException(
                f"cannot remember what was sent ({exc}); run it in the content's git repository, or add --force "
                "to send without remembering"
            ) from None
        marks = None
    outcomes = send(
        deliveries,
        kind,
        week,
        environ=os.environ,
        marks=marks,
        now=dt.datetime.now(dt.UTC),
        dry_run=dry_run,
        force=force,
        show=lambda text: click.echo(text),
    )
    for outcome in outcomes:
        # With --dry-run, standard output is what would be sent; the summary goes beside it.
        click.echo(outcome.text, err=outcome.failed or dry_run)
    failed = sum(1 for o in outcomes if o.failed)
    if failed:
        raise click.ClickException(f"{failed} of {len(outcomes)} channel{'s' if len(outcomes) != 1 else ''} failed")


@contextlib.contextmanager
def _reported(consequence: str = "", problems_to_stderr: bool = False) -> Iterator[None]:
    """The reporter's own errors as messages and exit 1: content problems one a line, then their count."""
    try:
        yield
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=problems_to_stderr)
        raise click.ClickException(f"{len(exc.problems)} problem(s) in the content{consequence}") from None
    except OSError as exc:  # a fault of the machine (permissions, a full disk): the path and what the system says
        where = f"{display_path(Path(exc.filename))}: " if exc.filename else ""
        raise click.ClickException(one_line(f"{where}{exc.strerror or exc}{consequence}")) from None
    except ReporterError as exc:
        # Each line of the message kept to itself: a name with a newline cannot fake another line.
        raise click.ClickException("\n".join(one_line(line) for line in str(exc).splitlines())) from None


def _quiet_mkdocs(verbose: bool) -> None:
    # MkDocs logs every step at INFO; a build that succeeds should say one line.
    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)
    if not logging.getLogger("mkdocs").handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logging.getLogger("mkdocs").addHandler(handler)


def _configured(content_dir: Path | None, config_file: Path | None) -> tuple[Path, dt.date | None]:
    """The content folder (the option, else the one mkdocs.yml's reporter plugin names, else content/) and
    the plugin's report_date, for the commands that read mkdocs.yml as `reporter build` does."""
    from reporter.site.build import configured

    configured_content, configured_date = configured(config_file)
    return content_dir or configured_content or Path("content"), configured_date


def _audience(audience: str | None, config_file: Path | None) -> str | None:
    """--audience, else the one mkdocs.yml's reporter plugin builds the site for: what is made beside a site
    for an audience leaves out what the site does."""
    from reporter.site.build import configured_audience

    return audience or configured_audience(config_file)


def _emit(rendered: str, out_file: Path | None) -> None:
    """Print `rendered`, or write it to `out_file` (its folder made) and print the file's path."""
    if out_file is None:
        click.echo(rendered, nl=False)
        return
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(rendered, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{display_path(out_file)}: {exc.strerror or exc}") from None
    click.echo(display_path(out_file))
