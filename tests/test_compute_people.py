"""People: who owns what, and what waits on them, from the mini portfolio."""

from __future__ import annotations

import datetime as dt

from reporter.compute.people import OwnedTask, people, person_slug
from reporter.compute.report import assess
from reporter.content.loader import load_content

from conftest import FIXTURES


def test_people_of_the_mini_portfolio():
    report = assess(load_content(FIXTURES / "mini"), dt.date(2026, 3, 20))
    found = {p.name: p for p in people(report)}
    assert list(found) == ["Ada Byron", "Alan Turing", "Grace Hopper"]
    ada, alan, grace = found["Ada Byron"], found["Alan Turing"], found["Grace Hopper"]
    assert (ada.manages, ada.sponsors) == ([], ["alpha"])
    # The update of 13 March asks Ada Byron to escalate to the vendor; the blocker names nobody to lift it.
    assert [(pid, ask.text) for pid, ask in ada.asks] == [("alpha", "Escalate to the vendor's account manager")]
    assert ada.needs_attention == 1
    assert (alan.manages, alan.tasks, alan.needs_attention) == (["beta"], [], 0)
    # Grace owns the design task, done (100%) by its finish on 27 February: not late.
    assert grace.tasks == [OwnedTask("alpha", "Alpha Migration", "Design", dt.date(2026, 2, 27), 100.0, False)]
    assert grace.late_tasks == [] and grace.manages == ["alpha"]


def test_a_task_past_its_finish_and_not_done_is_late(mini):
    plan = mini / "projects/alpha/plan.yaml"
    plan.write_text(plan.read_text().replace("progress: 100", "progress: 50"))
    report = assess(load_content(mini), dt.date(2026, 3, 20))
    grace = next(p for p in people(report) if p.name == "Grace Hopper")
    # Design finished on 27 February by the plan, half done on 20 March: late, and waiting on Grace.
    assert grace.late_tasks == [OwnedTask("alpha", "Alpha Migration", "Design", dt.date(2026, 2, 27), 50.0, True)]
    assert grace.needs_attention == 1


def test_person_slugs_are_page_names():
    assert person_slug("Femke Dijkstra") == "femke-dijkstra"
    assert person_slug("Ana-María  O'Neil") == "ana-maria-o-neil"  # accent dropped, punctuation to '-'
    assert person_slug("Łukasz Żak") == "łukasz-zak"  # Ż is Z with a dot (NFKD); Ł has no decomposition
    assert person_slug("王芳") == "王芳"
    assert person_slug("!!!") == "someone"


def test_a_person_called_index_does_not_replace_the_people_list(mini):
    plan = mini / "projects/beta/plan.yaml"
    plan.write_text(plan.read_text().replace("owner: Alan Turing", "owner: Index"))
    report = assess(load_content(mini), dt.date(2026, 3, 20))
    assert [(p.name, p.slug) for p in people(report)] == [
        ("Ada Byron", "ada-byron"),
        ("Grace Hopper", "grace-hopper"),
        ("Index", "index-2"),
    ]
