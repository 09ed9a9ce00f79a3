"""Pages rendered in parts at once (`PageRenderer.render` with `reporter.site.workers`): the same pages, blocks kept
apart and stores' entries as the serial render gives, on several build days, cold and with the week store filled;
the prose a child converted remembered by the next build; an error raised as the serial render raises it.

The portfolio is history_benchmark's: 8 projects x 30 weekly updates (Fridays from 2024-12-06), a real git
repository with fixed dates and authors, so a render has 8 project pages and 30 or 31 week pages to render.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
import sys

import jinja2
import pytest

from reporter.compute.site_model import site_model
from reporter.history.gather import gather
from reporter.render.cache import ConvertedStore
from reporter.render.pages import PageRenderer, templates_dir
from reporter.site import pipeline
from reporter.site.workers import ForkedWorkers, cores

from conftest import ROOT, GitRepo

sys.path.insert(0, str(ROOT / "benchmarks"))
import history_benchmark  # noqa: E402

pytestmark = pytest.mark.usefixtures("only_this_thread")  # forks only where no other thread runs

LAST_FRIDAY = history_benchmark.START + dt.timedelta(days=7 * 29 + 4)  # 2025-06-27, the 30th update's day
# The day of the last updates, the Monday after (a new week, no update in it yet) and the Wednesday after that.
DAYS = [LAST_FRIDAY, LAST_FRIDAY + dt.timedelta(days=3), LAST_FRIDAY + dt.timedelta(days=5)]
WAYS = min(cores(), 2)  # Counted's ways: one per core, at most two


class Counted(ForkedWorkers):
    """ForkedWorkers splitting however few the pages in two, noting the parts each map was given (real processes)."""

    def __init__(self) -> None:
        super().__init__(min_items=1, max_ways=2)
        self.parts: list[int] = []
        self.shares: list[list] = []  # the parts of the last map: what each process was given

    def map(self, compute, parts):
        self.parts.append(len(parts))
        self.shares = [list(part) for part in parts]
        return super().map(compute, parts)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages-in-parts") / "repo"
    history_benchmark.generate(root, 8, 30, 60)
    # The last two weeks' summaries in Markdown (the plain sentences before are not worth remembering), so that the
    # prose store gets a conversion from each project page and each of those week pages, in whichever part.
    files = {}
    for i in range(8):
        for day, week in ((LAST_FRIDAY - dt.timedelta(days=7), 29), (LAST_FRIDAY, 30)):
            update = history_benchmark._update(i, week, day)
            files[f"content/projects/p{i:03d}/updates/{day}.yaml"] = update.replace(
                "summary: Week", f"summary: '**Week {week}** of *p{i:03d}*: see `notes`.' #", 1
            )
    GitRepo(root).commit("Markdown summaries", "2025-06-27T18:00:00+00:00", files=files)
    return root


def rendered(model, workers=None, prose=None, weeks=None, folder=None):
    prose = prose if prose is not None else ConvertedStore(None, "prose")
    weeks = weeks if weeks is not None else ConvertedStore(None, "week pages")
    drawings: dict[str, str] = {}
    pages = PageRenderer(folder, prose, weeks).render(model, drawings=drawings, workers=workers)
    return pages, drawings, prose, weeks


@pytest.mark.parametrize("day", DAYS)
def test_pages_in_parts_are_the_serial_pages_with_the_same_drawings_and_stores(synthetic, day):
    model = site_model(gather(synthetic / "content", day))
    pages, drawings, prose, weeks = rendered(model)
    workers = Counted()
    in_parts, drawn, prose_in_parts, weeks_in_parts = rendered(model, workers)
    assert workers.parts == [WAYS]  # one map: 8 project pages and every week page, split one part per core
    assert in_parts == pages and list(in_parts) == list(pages)  # every byte, in the same order
    assert list(drawn.items()) == list(drawings.items())  # the same blocks apart, inserted in the same order
    # The week store: a page per week of updates, 30 on any of these days (the Monday's new week has none yet).
    assert weeks_in_parts.entries == weeks.entries and len(weeks.entries) == len(model.weeks) == 30
    assert weeks_in_parts.added == weeks.added == 30
    # The prose store: what the children converted came back, so it holds every conversion the serial render made.
    assert prose.entries and prose_in_parts.entries == prose.entries and prose_in_parts.used == prose.used
    assert prose_in_parts.added == prose.added  # each conversion counted once, wherever it was made
    assert multiprocessing.active_children() == []


def two_builds(synthetic, folder, days, workers):
    """A build on the first day with stores on disk in `folder`, then one on the second day reading them back."""
    prose_path, weeks_path = folder / "prose.jsonl", folder / "weeks.jsonl"
    for day in days:
        model = site_model(gather(synthetic / "content", day))
        prose, weeks = ConvertedStore(prose_path, "prose"), ConvertedStore(weeks_path, "week pages")
        pages, drawings, _, _ = rendered(model, workers, prose, weeks)
        prose.save()
        weeks.save()
    return pages, drawings, prose, weeks


@pytest.mark.parametrize("days", [(DAYS[0], DAYS[1]), (DAYS[1], DAYS[2])])
def test_a_later_build_in_parts_finds_what_the_children_put_in_the_stores(synthetic, tmp_path, days):
    (tmp_path / "serial").mkdir()
    (tmp_path / "split").mkdir()
    pages, drawings, prose, weeks = two_builds(synthetic, tmp_path / "serial", days, None)
    workers = Counted()
    split_pages, split_drawings, split_prose, split_weeks = two_builds(synthetic, tmp_path / "split", days, workers)
    assert workers.parts == [WAYS, WAYS]  # the 8 project pages split on the second build too
    assert split_pages == pages and split_drawings == drawings
    # Every prose conversion of the first build found by the second, the children's too (saved: nothing left to add).
    assert split_prose.hits == prose.hits > 0 and split_prose.entries == prose.entries
    # The week pages the first build rendered in parts found by the second (all 30 from Monday to Wednesday; from
    # Friday to Monday 29, the last week's page changing as its week ends, serially too); 30 kept either way.
    assert split_weeks.hits == weeks.hits == (29 if days[0] == DAYS[0] else 30)
    assert split_weeks.entries == weeks.entries and len(weeks.entries) == 30


@pytest.mark.parametrize("week_fails", [False, True])
def test_an_error_in_a_part_is_raised_as_the_serial_render_raises_it(synthetic, tmp_path, week_fails):
    # p002's project page cannot be rendered: a child's part (the parts asserted below). With `week_fails`, nor can
    # week 2025-W21's, in this process's part, which then fails first. The serial render meets p002's first (the
    # project pages come before the week pages), so that is the error raised either way.
    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    project = folder / "project.md.j2"
    project.write_text('{% if project.id == "p002" %}{{ p002_cannot }}{% endif %}' + project.read_text())
    if week_fails:
        week = folder / "week.md.j2"
        week.write_text('{% if week.name == "2025-W21" %}{{ week_cannot }}{% endif %}' + week.read_text())
    model = site_model(gather(synthetic / "content", LAST_FRIDAY))
    with pytest.raises(jinja2.UndefinedError) as serial:
        rendered(model, folder=folder)
    workers = Counted()
    with pytest.raises(jinja2.UndefinedError) as in_parts:
        rendered(model, workers, folder=folder)
    assert str(in_parts.value) == str(serial.value) == "'p002_cannot' is undefined"
    assert workers.parts == [WAYS] and multiprocessing.active_children() == []
    assert ("project", "p002") in workers.shares[1] and ("week", "weeks/2025-W21.md") in workers.shares[0]


def test_make_site_renders_in_parts_from_enough_pages_and_the_next_build_finds_the_stores(synthetic, tmp_path, monkeypatch):
    # Two clones of the portfolio: one built serially (more pages to split than it has), one split at one page.
    serial_root, split_root = tmp_path / "serial", tmp_path / "split"
    shutil.copytree(synthetic, serial_root)
    shutil.copytree(synthetic, split_root)
    serial = pipeline.make_site(serial_root / "content", DAYS[1], drawings_apart=True)
    monkeypatch.setattr(pipeline, "PAGES_IN_PARTS", 1)
    split = pipeline.make_site(split_root / "content", DAYS[1], drawings_apart=True)
    assert split.pages == serial.pages and split.drawings == serial.drawings
    for store in (pipeline.PROSE_STORE, pipeline.WEEK_STORE.format(audience="")):
        kind = "prose" if store == pipeline.PROSE_STORE else "week pages"
        saved = ConvertedStore(split_root / ".git" / "reporter" / store, kind).entries
        assert saved and saved == ConvertedStore(serial_root / ".git" / "reporter" / store, kind).entries
    assert multiprocessing.active_children() == []
