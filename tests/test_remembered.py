"""Work done once and remembered: the stores of converted text, the page memory and the trend memos
change what a build costs, never what it shows."""

from __future__ import annotations

import datetime as dt
import json

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
