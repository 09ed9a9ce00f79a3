"""Work done once and remembered: the stores of converted text, the page memory and the trend memos
change what a build costs, never what it shows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil

from reporter.compute.memo import ByIdentity
from reporter.render import text
from reporter.render.cache import ConvertedStore, key_of
from reporter.site.build import build_site


def site_files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_store_keeps_only_what_a_build_used_and_ignores_a_damaged_file(tmp_path):
    path = tmp_path / "store.jsonl"
    store = ConvertedStore(path, "test")
    store.put("a", "first")
    store.put("b", "second")
    store.save()
    again = ConvertedStore(path, "test")
    assert again.get("a") == "first" and again.hits == 1
    again.save()  # "b" was not used by this build: it is dropped
    assert ConvertedStore(path, "test").entries == {"a": "first"}
    path.write_text("not a store\n")
    assert ConvertedStore(path, "test").entries == {}
    # A store of another kind (or version) is not read.
    assert ConvertedStore(tmp_path / "missing.jsonl", "other").entries == {}


def test_remembered_prose_is_sanitised_even_when_the_store_was_tampered_with(tmp_path):
    store = ConvertedStore(tmp_path / "prose.jsonl", "prose")
    first = text.markdown("Some *prose*", store)
    assert str(first) == '<div class="rp-prose"><p>Some <em>prose</em></p></div>'
    assert text.markdown("Some *prose*", store) == first and store.hits == 1
    (key,) = store.entries
    store.entries[key] = '<p onclick="x()">Some</p><script>alert(1)</script>'
    assert str(text.markdown("Some *prose*", store)) == '<div class="rp-prose"><p>Some</p></div>'


def test_keys_tell_apart_every_part():
    assert key_of("ab", "c") != key_of("a", "bc")
    assert key_of("x") == key_of("x")


def test_a_memo_forgets_an_object_with_it():
    class Thing:
        pass

    memo: ByIdentity[int] = ByIdentity()
    thing = Thing()
    assert memo.get(thing, lambda: 1) == 1
    assert memo.get(thing, lambda: 2) == 1  # remembered
    del thing
    assert len(memo) == 0


def test_a_second_build_is_byte_identical_and_converts_no_page_again(repo, tmp_path):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    for day in (dt.date(2026, 3, 16), dt.date(2026, 3, 18), dt.date(2026, 3, 21)):  # Monday, Wednesday, Saturday
        first, second = tmp_path / f"first-{day}", tmp_path / f"second-{day}"
        build_site(repo.root / "content", first, report_date=day)
        stored = repo.root / ".git" / "reporter" / "pages.jsonl"
        lines = stored.read_text().splitlines()
        assert json.loads(lines[0])["reporter-store"] == "pages" and len(lines) > 5
        build_site(repo.root / "content", second, report_date=day)
        assert site_files(first) == site_files(second)
        # Built without any store: the same site again.
        weeks = (repo.root / ".git" / "reporter" / "weeks.jsonl").read_text().splitlines()
        assert json.loads(weeks[0])["reporter-store"] == "week pages" and len(weeks) > 1  # a line per week page
        for name in ("pages.jsonl", "prose.jsonl", "weeks.jsonl"):
            (repo.root / ".git" / "reporter" / name).unlink()
        third = tmp_path / f"third-{day}"
        build_site(repo.root / "content", third, report_date=day)
        assert site_files(first) == site_files(third)


def built_pages(repo):
    """The remembered built pages: {key: (header, page)}."""
    folder = repo.root / ".git" / "reporter" / "built"
    found = {}
    for path in sorted(folder.glob("*.html")):
        header, _, page = path.read_text(encoding="utf-8").partition("\n")
        found[path.stem] = (json.loads(header), page)
    return found


def rewrite(repo, key, page):
    """Put another page under a key, with a hash that matches it (as a build would write it)."""
    header = {"format": 1, "sha256": hashlib.sha256(page.encode()).hexdigest(), "search": []}
    path = repo.root / ".git" / "reporter" / "built" / f"{key}.html"
    path.write_text(json.dumps(header) + "\n" + page, encoding="utf-8")


def test_unchanged_pages_are_written_as_remembered_and_a_change_builds_its_pages_again(repo, tmp_path):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    for day in (dt.date(2026, 3, 16), dt.date(2026, 3, 18), dt.date(2026, 3, 21)):  # Monday, Wednesday, Saturday
        first = tmp_path / f"first-{day}"
        build_site(repo.root / "content", first, report_date=day)
        pages = built_pages(repo)
        # One per generated page: not the theme's 404 page, nor about/ (a page of docs/, which MkDocs converts).
        generated = [p for p in site_files(first) if p.endswith(".html") and p not in ("404.html", "about/index.html")]
        assert len(pages) == len(generated) == 14
        alpha = first / "projects" / "alpha" / "index.html"
        (key,) = [k for k, (_, page) in pages.items() if page.encode() == alpha.read_bytes()]
        assert pages[key][0]["search"][0]["location"] == "projects/alpha/"
        # The next build writes what is remembered: a page put under its key is what the site gets.
        rewrite(repo, key, "<p>remembered alpha</p>")
        second = tmp_path / f"second-{day}"
        build_site(repo.root / "content", second, report_date=day)
        assert (second / "projects" / "alpha" / "index.html").read_text() == "<p>remembered alpha</p>"
        assert site_files(second)["projects/beta/index.html"] == site_files(first)["projects/beta/index.html"]
        # Search knows the remembered page by what it gave when it was built (here: nothing).
        index = json.loads((second / "search" / "search_index.json").read_text())
        assert not [d for d in index["docs"] if d["location"].startswith("projects/alpha/")]
        assert [d for d in index["docs"] if d["location"].startswith("projects/beta/")]
        rewrite(repo, key, pages[key][1])  # put back

    # Renaming the project changes its page and every page that names it: they are built again, and the
    # site is the one a build with no memory at all makes.
    plan = repo.root / "content" / "projects" / "alpha" / "plan.yaml"
    plan.write_text(plan.read_text().replace("name: Alpha Migration", "name: Alpha Move", 1))
    repo.commit("Rename", "2026-03-17T10:00:00+00:00")
    day = dt.date(2026, 3, 18)
    third, fresh = tmp_path / "third", tmp_path / "fresh"
    build_site(repo.root / "content", third, report_date=day)
    assert "Alpha Move" in (third / "index.html").read_text()
    shutil.rmtree(repo.root / ".git" / "reporter")
    build_site(repo.root / "content", fresh, report_date=day)
    assert site_files(third) == site_files(fresh)


def test_a_damaged_remembered_page_is_built_again(repo, tmp_path):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    day = dt.date(2026, 3, 19)  # a Thursday
    first, second = tmp_path / "first", tmp_path / "second"
    build_site(repo.root / "content", first, report_date=day)
    folder = repo.root / ".git" / "reporter" / "built"
    for path in folder.glob("*.html"):  # the page changed, its hash not: every file fails its check
        path.write_text(path.read_text(encoding="utf-8") + "<script>alert(1)</script>", encoding="utf-8")
    (folder / "stray.html").write_text("left by something else")
    build_site(repo.root / "content", second, report_date=day)
    assert site_files(first) == site_files(second)
    assert not (folder / "stray.html").exists()  # the folder keeps only what this build wrote or used
    assert all("alert(1)" not in page for _, page in built_pages(repo).values())


def test_whole_pages_are_not_remembered_when_another_plugin_could_change_them(repo, tmp_path):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    config = repo.root / "mkdocs.yml"
    (repo.root / "docs").mkdir()
    config.write_text(
        "site_name: Mini\ndocs_dir: docs\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - tags\n  - reporter\n"
    )
    build_site(repo.root / "content", tmp_path / "site", config_file=config, report_date=dt.date(2026, 3, 16))
    assert (tmp_path / "site" / "projects" / "alpha" / "index.html").is_file()
    assert not (repo.root / ".git" / "reporter" / "built").exists()
    assert (repo.root / ".git" / "reporter" / "pages.jsonl").is_file()  # the Markdown is remembered still


def test_an_audience_build_keeps_its_week_pages_and_built_pages_apart(repo, tmp_path):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    day = dt.date(2026, 3, 17)  # a Tuesday
    build_site(repo.root / "content", tmp_path / "external", report_date=day, audience="external")
    kept = repo.root / ".git" / "reporter"
    assert (kept / "weeks-external.jsonl").is_file() and not (kept / "weeks.jsonl").exists()
    assert any((kept / "built-external").glob("*.html")) and not (kept / "built").exists()
    assert (kept / "search-external.jsonl").is_file() and not (kept / "search.jsonl").exists()
    build_site(repo.root / "content", tmp_path / "all", report_date=day)
    # The full build does not drop the audience's memories, so alternating builds both find theirs.
    assert (kept / "weeks.jsonl").is_file() and (kept / "weeks-external.jsonl").is_file()
    assert (kept / "search.jsonl").is_file() and (kept / "search-external.jsonl").is_file()
    assert any((kept / "built").glob("*.html")) and any((kept / "built-external").glob("*.html"))


def test_a_new_week_leaves_the_pages_that_do_not_show_it_as_remembered(repo, tmp_path):
    # The first update of a new week adds a page to the site (the week's). Pages that neither show nor link
    # it keep their built HTML: a past week's page is written from the same remembered file (same key).
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    day = dt.date(2026, 3, 25)  # a Wednesday, the report date of both builds
    build_site(repo.root / "content", tmp_path / "first", report_date=day)
    before = built_pages(repo)
    week_10 = site_files(tmp_path / "first")["weeks/2026-W10/index.html"]
    (key_10,) = [k for k, (_, page) in before.items() if page.encode() == week_10]
    update = (repo.root / "content/projects/alpha/updates/2026-03-13.yaml").read_text()
    repo.commit(
        "Alpha's update of week 12",
        "2026-03-20T10:00:00+00:00",
        files={"content/projects/alpha/updates/2026-03-20.yaml": update.replace("2026-03-13", "2026-03-20", 1)},
    )
    build_site(repo.root / "content", tmp_path / "second", report_date=day)
    after = built_pages(repo)
    second = site_files(tmp_path / "second")
    assert "weeks/2026-W12/index.html" in second and "weeks/2026-W12/index.html" not in site_files(tmp_path / "first")
    assert key_10 in after and second["weeks/2026-W10/index.html"] == week_10
    # The remembered pages make the site a build without any store makes.
    shutil.rmtree(repo.root / ".git" / "reporter")
    build_site(repo.root / "content", tmp_path / "fresh", report_date=day)
    assert second == site_files(tmp_path / "fresh")


def test_search_entries_are_remembered_by_what_search_reads_of_a_page(repo, tmp_path):
    """A page built again whose searchable text did not change (a new build day) gets its remembered search
    entries; the site, search index included, is the one a build with no memory at all makes, on each day."""
    from reporter.site.plugin import SEARCH_STORE

    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    store = repo.root / ".git" / "reporter" / SEARCH_STORE.format(audience="")
    build_site(repo.root / "content", tmp_path / "first", report_date=dt.date(2026, 3, 13))  # Friday
    first = ConvertedStore(store, "search entries").entries
    assert len(first) == 14  # one per generated page
    alpha = [entries for entries in first.values() if entries and entries[0]["location"] == "projects/alpha/"]
    assert len(alpha) == 1 and alpha[0][0]["title"] == "Alpha Migration"
    for day in (dt.date(2026, 3, 14), dt.date(2026, 3, 16), dt.date(2026, 3, 18)):  # Saturday, Monday, Wednesday
        site, fresh = tmp_path / f"site-{day}", tmp_path / f"fresh-{day}"
        before = ConvertedStore(store, "search entries").entries
        build_site(repo.root / "content", site, report_date=day)
        after = ConvertedStore(store, "search entries").entries
        # Some pages read the same to search as the day before: their entries came from the store.
        assert set(before) & set(after)
        shutil.rmtree(repo.root / ".git" / "reporter")
        build_site(repo.root / "content", fresh, report_date=day)
        assert site_files(site) == site_files(fresh)
        assert ConvertedStore(store, "search entries").entries == after


def test_a_search_entry_not_of_the_right_shape_is_made_again(repo, tmp_path):
    from reporter.site.plugin import SEARCH_STORE

    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    day = dt.date(2026, 3, 13)
    build_site(repo.root / "content", tmp_path / "first", report_date=day)
    path = repo.root / ".git" / "reporter" / SEARCH_STORE.format(audience="")
    store = ConvertedStore(path, "search entries")
    keys = [k for k, entries in store.entries.items() if entries and entries[0]["location"].startswith("projects/")]
    assert len(keys) == 2  # alpha's and beta's pages
    store.entries[keys[0]] = "not a list"
    store.entries[keys[1]] = ["not an entry"]
    store.used, store.added = set(store.entries), 1
    store.save()
    # The pages' built HTML is remembered too: removed, so that the project pages are built and searched again.
    shutil.rmtree(repo.root / ".git" / "reporter" / "built")
    build_site(repo.root / "content", tmp_path / "second", report_date=day)
    assert site_files(tmp_path / "second") == site_files(tmp_path / "first")
    assert ConvertedStore(path, "search entries").entries[keys[1]][0]["location"].startswith("projects/")
