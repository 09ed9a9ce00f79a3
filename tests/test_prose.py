"""A plain sentence skips Python-Markdown (`text.markdown`'s fast path) and comes out exactly as Python-Markdown makes it.

The comparison is with a fresh converter of the same extensions, over every printable ASCII character and a few
others Markdown treats specially, each at the start, in the middle and at the end of a sentence, alone and doubled,
and over shapes of whole texts (lists, headings, numbers, spaces, lines), so no character slips through the fast
path with a meaning Markdown would have given it. Hypothesis adds texts made of the same characters.
"""

from __future__ import annotations

import string

import markdown as python_markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.render import text
from reporter.render.cache import ConvertedStore

# Beyond ASCII: typographic quotes and dashes, currency, accented and non-Latin letters, a digit that is not ASCII,
# a no-break space, a tab, the placeholders Python-Markdown uses inside (STX, ETX), a carriage return, a zero width.
OTHERS = "’‘“”–—€£éßж字²\u00a0\t\x02\x03\r\u200b"
CHARACTERS = string.printable + OTHERS
SHAPES = [
    "Week 103 of project 0; work continues on the next tasks.",
    "On track (see the plan): 40% done, 2 of 5 milestones met!",
    "Ready?",
    "Said \"done\" and 'done'.",
    "Ünïcödé letters and 字 too.",
    "a",
    "Two  spaces inside.",
    "Ends with two spaces.  ",
    "Ends with a space. ",
    " Starts with a space.",
    "    Four spaces: code.",
    "1. A numbered line",
    "2026. The year",
    "1) Another",
    "- a bullet",
    "+ a bullet",
    "* a bullet",
    "# A heading",
    "> quoted",
    "Setext\n===",
    "Setext\n---",
    "---",
    "Two lines\nof one paragraph.",
    "Two paragraphs.\n\nThe second.",
    "A | table | row",
    "Mail me at a@example.org or http://example.org/x.",
    "A <b>tag</b> and an &amp; entity & an ampersand.",
    "Brackets [x](y) and ![i](j).",
    "Stars *a* and _b_ and `c` and ~~d~~.",
    "Back\\slash and {attr} and #hash.",
    "Dash at the end -",
    "A line break  \nafter two spaces.",
]


def python_markdown_html(value: str) -> str:
    """What Python-Markdown makes of a text with the extensions `text.markdown` uses, from a fresh converter."""
    return python_markdown.Markdown(extensions=["sane_lists", "tables", "fenced_code"], output_format="html").convert(value)


def slow(value: str) -> str:
    """`text.markdown` by way of the converter, as every text went before the fast path."""
    if not value.strip():
        return ""  # no prose, no block
    clean = text.nh3.clean(
        python_markdown_html(value),
        tags=text._TAGS,
        attributes=text._ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return f'<div class="rp-prose">{clean.strip()}</div>'


def test_every_character_in_every_place_comes_out_as_python_markdown_makes_it():
    texts = []
    for c in CHARACTERS:
        texts += [f"{c}ord here", f"Word {c} here", f"Wo{c}rd here", f"Word here{c}", f"{c}{c}ord", f"Word{c}{c}", c]
    fast = [t for t in texts if text._PLAIN.fullmatch(t)]
    for value in texts + SHAPES:
        assert str(text.markdown(value)) == slow(value), repr(value)
    for value in fast:
        assert python_markdown_html(value) == f"<p>{value}</p>", repr(value)  # the fast path's own output
    # The fast path is taken where it should be: the benchmark's summaries and ordinary sentences, not syntax.
    assert text._PLAIN.fullmatch(SHAPES[0]) and text._PLAIN.fullmatch(SHAPES[1]) and text._PLAIN.fullmatch("Ready?")
    taken = {t for t in SHAPES if text._PLAIN.fullmatch(t)}
    # (two spaces in a row are left to the converter: before a newline they are a line break)
    assert taken == set(SHAPES[:6]) | {"Mail me at a@example.org or http://example.org/x.", "Dash at the end -"}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab Z1.,;:'?!()/%$@-\"’*_#`[]|<>&\\\n=+~{}"), min_size=1, max_size=12))
def test_any_text_of_those_characters_comes_out_as_python_markdown_makes_it(value):
    assert str(text.markdown(value)) == slow(value)


def test_a_plain_sentence_is_not_kept_in_the_prose_store():
    # Nothing to remember: the store is left for the texts the converter has to parse.
    store = ConvertedStore()
    assert str(text.markdown("Work continues.", store)) == '<div class="rp-prose"><p>Work continues.</p></div>'
    assert str(text.markdown("Work *continues*.", store)) == '<div class="rp-prose"><p>Work <em>continues</em>.</p></div>'
    assert store.added == 1
