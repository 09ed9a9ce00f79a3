"""The one entry point of the pipeline: content folder and report date in, every page and data file out.

`make_site` gathers (load and history), computes and renders, in that order, and turns every error a
user can cause (bad content, a history that cannot give `as_of`, a missing or broken template folder)
into a `ReporterError` or `ContentError`. The CLI (`reporter render`), the MkDocs plugin and the atomic
build (`reporter build`) all call it, so they cannot assemble the stages differently.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from reporter import compute
from reporter.compute.site_model import SiteModel, site_model
from reporter.content import models
from reporter.content.audience import audience_level
from reporter.content.loader import paused_gc
from reporter.errors import ReporterError
from reporter.history.gather import SiteData, gather
from reporter.render.cache import ConvertedStore
from reporter.render.downloads import DATA_DIR, export_files
from reporter.render.pages import PageRenderer
from reporter.site.workers import ForkedWorkers

PROSE_STORE = "prose.jsonl"  # the prose of the content as HTML (render.text.markdown), in SiteData.cache_dir
# Each week's page as rendered (PageRenderer.week_key), in SiteData.cache_dir: one store per audience, as trends.
WEEK_STORE = "weeks{audience}.jsonl"
# Every project's trend point of every week (compute.trends.point_key), one store per audience, beside it.
TRENDS_STORE = "trends{audience}.jsonl"
# Each past week's highlights and plan changes (compute.remembered_weeks.week_key), one store per audience, beside it.
HIGHLIGHTS_STORE = "highlights{audience}.jsonl"
# Below this many pages to render (project pages and week pages not remembered), a fork costs more than it saves.
PAGES_IN_PARTS = 200


@dataclass(frozen=True)
class MadeSite:
    """A rendered site: its pages and data files ({path: text}), its stylesheet, the exported files it offers
    for download ({path: bytes}: CSV, XLSX, PDF under data/), and what the build still needs of what it was
    made from: the portfolio (the nav is laid out from its programs), the report date, the notes on history
    and the folder where conversions are kept. Not the content and its history: their figures are in the
    pages, and the models, the weekly snapshots and the figures remembered for them (`compute.memo`), kept
    through MkDocs' build, made its end the peak of a 500-project build (846 MB, against 772 MB now)."""

    portfolio: models.Portfolio
    report_date: dt.date  # the day the site speaks for
    notes: tuple[str, ...]  # what history is missing, said once
    cache_dir: Path | None  # where conversions are kept between builds (see SiteData.cache_dir)
    pages: dict[str, str]
    stylesheet: str
    downloads: dict[str, bytes] = field(default_factory=dict)  # the exports, under data/
    drawings: dict[str, str] = field(default_factory=dict)  # placeholder -> chart, with `drawings_apart`


def make_model(
    content_dir: Path | str, report_date: dt.date, *, as_of: str | None = None, audience: str | None = None
) -> tuple[SiteData, SiteModel]:
    """Gather the content and its history (for `audience`, when named: see `reporter.content.audience`), and
    compute the site model from them (for outputs that need no pages, such as the weekly digest). Raises
    ContentError or ReporterError as `make_site` does, and ReporterError for an unknown audience."""
    try:
        seen = None if audience is None else audience_level(audience)
    except ValueError as exc:
        raise ReporterError(str(exc)) from None
    # The YAML of history not parsed before on both cores (a clean clone's: about 52,000 files at 500 projects).
    data = gather(content_dir, report_date, as_of=as_of, audience=seen, workers=ForkedWorkers())
    # Each audience's points apart: one build's store holds only what it used, and would drop the other's.
    suffix = f"-{audience}" if audience else ""
    trends = data.cache_dir / TRENDS_STORE.format(audience=suffix) if data.cache_dir else None
    remembered = ConvertedStore(trends, f"trends {_figures_code()}") if trends is not None else None
    highlights = data.cache_dir / HIGHLIGHTS_STORE.format(audience=suffix) if data.cache_dir else None
    weeks = ConvertedStore(highlights, f"highlights {_figures_code()}") if highlights is not None else None
    with paused_gc():  # like loading: hundreds of thousands of objects and no cycles, so no collection pays
        # The trend points not remembered on both cores (a clean clone's 500 projects: about 50,000 of them).
        model = site_model(data, remembered, ForkedWorkers(), weeks)
    for store in (remembered, weeks):
        if store is not None:
            store.save()
    return data, model


@functools.cache
def _figures_code() -> str:
    """A hash of the code that computes a trend point or a week's highlights (the compute stage and the content
    models): a store of figures that other code computed is not read, even when reporter's version number did
    not change."""
    digest = hashlib.sha256()
    for path in sorted(Path(compute.__file__).parent.glob("*.py")) + [Path(models.__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def make_site(
    content_dir: Path | str,
    report_date: dt.date,
    *,
    as_of: str | None = None,
    templates_dir: Path | None = None,
    site_url: str = "",
    drawings_apart: bool = False,
    audience: str | None = None,
) -> MadeSite:
    """Gather, compute and render the site of `content_dir` as of `report_date` (or `as_of` a date or revision).

    `templates_dir` replaces reporter's own page templates; `site_url` makes the feed's and calendar's
    links absolute; `drawings_apart` (the MkDocs build) leaves the charts out of the pages, in
    `MadeSite.drawings` (see `PageRenderer.render`); `audience` (external, internal) leaves out everything
    marked for a wider circle, in every page and file, before anything is computed. Raises ContentError for invalid content and
    ReporterError for anything else a user can get wrong; nothing is written.
    """
    if templates_dir is not None and not Path(templates_dir).is_dir():
        raise ReporterError(f"templates_dir {templates_dir}: there is no such folder")
    data, model = make_model(content_dir, report_date, as_of=as_of, audience=audience)
    # The content and its model left out of every collection while rendering: they hold no cycle, and a
    # collection would search their million objects for none (and, touching each, copy every page of memory
    # the forked workers share with this process).
    gc.freeze()
    try:
        made = _rendered(data, model, templates_dir, site_url, drawings_apart, audience)
        # Rendering leaves reference cycles (Jinja's contexts and macros) that hold the whole site model, and
        # only a collection frees them: collected here, once nothing else holds it, so that MkDocs' build
        # (where the largest build's peak was reached) reuses its memory instead of growing beside it. What
        # was frozen is not searched: 10 ms at 500 projects, not the 1.7 s of a full collection.
        del data, model
        gc.collect()
    finally:
        gc.unfreeze()
    return made


def _rendered(
    data: SiteData,
    model: SiteModel,
    templates_dir: Path | None,
    site_url: str,
    drawings_apart: bool,
    audience: str | None,
) -> MadeSite:
    try:
        prose = ConvertedStore(data.cache_dir / PROSE_STORE if data.cache_dir else None, "prose")
        kept = data.cache_dir / WEEK_STORE.format(audience=f"-{audience}" if audience else "") if data.cache_dir else None
        weeks = ConvertedStore(kept, "week pages")
        renderer = PageRenderer(templates_dir, prose, weeks)
        drawings: dict[str, str] | None = {} if drawings_apart else None
        # The project pages and the week pages not remembered on both cores, when there are enough of them.
        pages = renderer.render(model, site_url=site_url, drawings=drawings, workers=ForkedWorkers(min_items=PAGES_IN_PARTS))
        prose.save()
        weeks.save()
        downloads = {f"{DATA_DIR}/{name}": body for name, body in export_files(model).items()}
        return MadeSite(
            data.content.portfolio,
            data.report_date,
            data.notes,
            data.cache_dir,
            pages,
            renderer.stylesheet(),
            downloads,
            drawings or {},
        )
    except jinja2.TemplateNotFound as exc:
        where = templates_dir if templates_dir is not None else "reporter's templates"
        raise ReporterError(f"template {exc.name} is missing from {where}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ReporterError(f"{exc.filename}:{exc.lineno}: template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise ReporterError(f"template error: {exc}") from None
