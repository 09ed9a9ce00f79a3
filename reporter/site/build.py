"""The build stage: a MkDocs build into a temporary folder that replaces the site only on success.

A failed build (bad content, a broken template, a MkDocs error) leaves the previous site exactly as it
was, byte for byte, so CI never publishes a half-written site.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import yaml_load

from reporter.content.audience import AUDIENCES
from reporter.errors import ReporterError, display_path
from reporter.site.pipeline import make_site
from reporter.site.plugin import ReporterPlugin, as_report_date

DEFAULT_CONFIG = """\
# Used by `reporter build` when there is no mkdocs.yml: Material with reporter's pages.
site_name: Project status
docs_dir: docs
theme:
  name: material
  font: false  # no request to any other host: the system fonts
  features: [navigation.tabs, navigation.top, search.highlight]
plugins:
  - search
  - reporter
"""


@dataclass(frozen=True)
class Built:
    """A finished build: where the site is, and what history was missing (to say once)."""

    site_dir: Path
    notes: tuple[str, ...]


MARKER = ".reporter-site"  # written into every site built here: only such a folder is ever replaced


def build_site(
    content_dir: Path | None,
    site_dir: Path,
    *,
    config_file: Path | None = None,
    report_date: dt.date | None = None,
    as_of: str | None = None,
    strict: bool = False,
    audience: str | None = None,
) -> Built:
    """Validate `content_dir`, gather its history and build the site into `site_dir` atomically.

    `content_dir` None means the one the config's reporter plugin names. `as_of` builds the site as it
    was on a date (YYYY-MM-DD) or at a git revision; `audience` (default: the plugin's `audience`) builds
    it for that audience (see `reporter.content.audience`). Raises ContentError (with every problem) before
    anything is written, and ReporterError when history or MkDocs fails, or when `site_dir` is not a
    folder a build may replace; in every case `site_dir` is untouched.
    """
    site_dir = Path(site_dir).resolve()
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(site_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-{os.getpid()}-", dir=site_dir.parent))
        # mkdtemp makes a private folder (0700); the site is published, so it gets the mode any folder
        # made here would have (0755 under the usual umask), as the files MkDocs writes into it do.
        staging.chmod(0o777 & ~_umask())
    except OSError as exc:  # the folder the site goes in: its own name, not the one tried inside it
        raise _fault(exc, site_dir.parent if exc.filename and Path(exc.filename).parent == site_dir.parent else None) from None
    try:
        with _config_file(config_file) as (config_path, base):
            configured_audience(config_path)  # a wrong one in mkdocs.yml said in reporter's words, not MkDocs'
            config = load_config(str(config_path), site_dir=str(staging), strict=strict)
            plugin = config.plugins.get("reporter")
            if not isinstance(plugin, ReporterPlugin):
                raise ReporterError(f"{config_path}: the 'reporter' plugin is not enabled under plugins:")
            content_dir = (base / plugin.config.content_dir) if content_dir is None else Path(content_dir)
            plugin.config.content_dir = str(content_dir.resolve())
            _check_site_dir(site_dir, [content_dir, Path(config.docs_dir), base, Path.cwd()])
            if report_date is not None:
                plugin.config.report_date = report_date.isoformat()
            templates = (base / plugin.config.templates_dir) if plugin.config.templates_dir else None
            as_of = as_of if as_of is not None else (None if plugin.config.as_of is None else str(plugin.config.as_of))
            if audience is not None:
                plugin.config.audience = audience
            # Everything is made before MkDocs writes a byte: bad content fails here, with every problem.
            made = make_site(
                content_dir,
                plugin.report_date(),
                as_of=as_of,
                templates_dir=templates,
                site_url=config.site_url or "",
                drawings_apart=True,
                audience=plugin.config.audience,
            )
            plugin.preloaded = made
            # MkDocs stamps the sitemap with the build date; pin it to the report date for repeatable output
            # (the gzip header of sitemap.xml.gz holds 1970 to 2106 only: a report date outside is stamped
            # with the nearest end).
            epoch = min(max(0.0, dt.datetime.combine(made.report_date, dt.time(), dt.UTC).timestamp()), 2.0**32 - 1)
            with _environ("SOURCE_DATE_EPOCH", str(int(epoch))):
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    mkdocs_build(config)
                finally:
                    config.plugins.on_shutdown()
            (staging / MARKER).write_text("Built by `reporter build`, which replaces only such a folder.\n")
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ReporterError(f"the site was not built: {exc}") from exc
    except jinja2.TemplateError as exc:  # a broken page template: say where, not a traceback
        shutil.rmtree(staging, ignore_errors=True)
        where = f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise ReporterError(f"the site was not built: {where}template error: {exc}") from exc
    except OSError as exc:  # permission denied, a full disk, a file too large: the path and the reason
        shutil.rmtree(staging, ignore_errors=True)
        raise _fault(exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        _replace(staging, site_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _fault(exc) from None
    return Built(site_dir, made.notes)


def _umask() -> int:
    """The process's umask (read by setting it, then putting it back: the system has no other way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fault(exc: OSError, path: Path | None = None) -> ReporterError:
    """A fault of the machine while building, as a message naming the path (`path`, else the one the
    system names); the site was not changed."""
    named = path or (Path(exc.filename) if exc.filename else None)
    where = f"{display_path(named)}: " if named else ""
    return ReporterError(f"the site was not built: {where}{exc.strerror or exc}")


# The folders a build works in beside the site: `.site-building-<pid>-<random>` and `.site-old-<pid>`.
_WORK_FOLDER = re.compile(r"\.(?P<site>.+)-(?:building-(?P<pid>[0-9]+)-[^/]*|old-(?P<old_pid>[0-9]+))")


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove the work folders that a build of `site_dir` killed before it finished left beside it (those
    of a process that is no longer running, or of this one's id, which a new container reuses); returns
    the folders removed. A build still running elsewhere keeps its own."""
    removed: list[Path] = []
    if not site_dir.parent.is_dir():
        return removed
    for entry in site_dir.parent.iterdir():
        found = _WORK_FOLDER.fullmatch(entry.name)
        if not found or found.group("site") != site_dir.name or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(found.group("pid") or found.group("old_pid"))
        if pid == os.getpid() or not _running(pid):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    """Whether a process with this id is running (on this machine)."""
    try:
        os.kill(pid, 0)
    except PermissionError:  # another user's process
        return True
    except (ProcessLookupError, OverflowError):  # none, or an id no process can have
        return False
    return True


def configured(config_file: Path | None) -> tuple[Path | None, dt.date | None]:
    """The content folder and the report date that the MkDocs config's reporter plugin names, so that
    other commands read the same content as of the same day as `reporter build` (None for what it does
    not set; both None without a config: no `config_file` and no ./mkdocs.yml).

    Only the plugin's own settings are read (MkDocs' YAML, with its tags): the rest of the config, such
    as a docs_dir that is not there, matters to a build, not to a digest."""
    found = _plugin_options(config_file)
    if found is None:
        return None, None
    path, options = found
    content = path.resolve().parent / str(options.get("content_dir", "content"))
    try:
        return content, as_report_date(options.get("report_date"))
    except ValueError as exc:
        raise ReporterError(f"{display_path(path)}: {exc}") from None


def configured_audience(config_file: Path | None) -> str | None:
    """The audience the MkDocs config's reporter plugin builds for (None when it names none), so that an
    export or a digest made beside a site for an audience leaves out what the site does."""
    found = _plugin_options(config_file)
    audience = found[1].get("audience") if found is not None else None
    if audience is None:
        return None
    if str(audience) not in AUDIENCES:
        assert found is not None
        raise ReporterError(f"{display_path(found[0])}: audience '{audience}' is not one of {', '.join(AUDIENCES)}")
    return str(audience)


def _plugin_options(config_file: Path | None) -> tuple[Path, dict] | None:
    """The MkDocs config's path and its reporter plugin's options, or None without a config or that plugin."""
    if config_file is None:
        if not Path("mkdocs.yml").is_file():
            return None
        config_file = Path("mkdocs.yml")
    path = Path(config_file)
    try:
        with path.open("rb") as stream:
            raw = yaml_load(stream)
    except OSError as exc:
        raise ReporterError(f"{display_path(path)}: {exc.strerror or exc}") from None
    except (yaml.YAMLError, MkDocsException) as exc:
        raise ReporterError(f"{display_path(path)}: not a valid MkDocs config ({exc})") from None
    plugins = raw.get("plugins") if isinstance(raw, dict) else None
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else [next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None) for p in plugins or []]
    )
    for name, options in entries:
        if name == "reporter":
            return path, options if isinstance(options, dict) else {}
    return None


def _check_site_dir(site_dir: Path, protected: list[Path]) -> None:
    """Refuse a site folder whose replacement would destroy something else: one that is, or holds, the
    content, the docs, the config's folder or the working directory, one inside the content, or a
    folder that a reporter build did not write."""
    for place in protected:
        place = place.resolve()
        if site_dir == place or site_dir in place.parents:
            raise ReporterError(f"--site {display_path(site_dir)} would replace {display_path(place)}; name a folder of its own")
    content = protected[0].resolve()
    if content in site_dir.parents:
        raise ReporterError(f"--site {display_path(site_dir)} is inside the content folder; name a folder outside it")
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
        raise ReporterError(
            f"{display_path(site_dir)} exists and was not written by `reporter build`, which replaces the whole "
            "folder; delete it yourself or name another --site"
        )


def _replace(new: Path, target: Path) -> None:
    """Put folder `new` in the place of `target` with two renames; the old one is kept until the new is in."""
    if not target.exists():
        os.rename(new, target)
        return
    if not target.is_dir():
        shutil.rmtree(new, ignore_errors=True)
        raise ReporterError(f"{target} exists and is not a folder; the site was not written")
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _config_file(config_file: Path | None) -> Iterator[tuple[Path, Path]]:
    """The MkDocs config to build with (the one given, ./mkdocs.yml, or a default written to a temporary
    folder), and the folder its relative paths start from (the working directory for the default)."""
    if config_file is not None:
        if not Path(config_file).is_file():
            raise ReporterError(f"{config_file}: no such MkDocs config file")
        yield Path(config_file).resolve(), Path(config_file).resolve().parent
        return
    if Path("mkdocs.yml").is_file():
        yield Path("mkdocs.yml").resolve(), Path.cwd()
        return
    with tempfile.TemporaryDirectory(prefix="reporter-config-") as folder:
        (Path(folder) / "docs").mkdir()
        path = Path(folder) / "mkdocs.yml"
        path.write_text(DEFAULT_CONFIG, encoding="utf-8")
        yield path, Path.cwd()


@contextlib.contextmanager
def _environ(name: str, value: str) -> Iterator[None]:
    if name in os.environ:  # an explicit SOURCE_DATE_EPOCH from CI wins
        yield
        return
    os.environ[name] = value
    try:
        yield
    finally:
        del os.environ[name]
