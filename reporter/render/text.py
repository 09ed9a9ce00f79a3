"""Untrusted text from YAML, made safe for a generated Markdown page.

Two ways in: `inline` for names and short values (shown literally, never interpreted), and `markdown`
for summaries and other prose (rendered as Markdown, then sanitised so that no script, event handler
or `javascript:` link survives). Both return `Markup`, which the page templates pass through as is.
"""

from __future__ import annotations

import functools
import html
import re

import markdown as _markdown
import nh3
from markupsafe import Markup

from reporter.render.cache import ConvertedStore, key_of

# What a remembered conversion depends on besides its text: the Markdown library and its options.
_CONVERTER = f"markdown {_markdown.__version__}: sane_lists tables fenced_code html"

# HTML's own characters become named entities, and Markdown's syntax characters numeric ones:
# Python-Markdown shows an entity as the character itself, never as syntax, so a '|' cannot split a
# table cell, '[' cannot start a link and '*' cannot start emphasis.
# Braces too: with attr_list, '{onclick=...}' after a heading or in a table cell would become an attribute.
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"} | {c: f"&#{ord(c)};" for c in "\\`*_[]|~{}"}
_TRANSLATION = str.maketrans(_ESCAPES)  # every character at once, in C: names are printed millions of times a build
# Syntax only at the start of a line: headings, bullets, block quotes, numbered lists ('1. ').
_LINE_START = re.compile(r"^(#|[-+=]|&gt;|\d+(?=[.)](\s|$)))")
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr", "i", "li",
    "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
# A plain sentence: one line that starts with a letter and holds only letters, digits, single spaces and punctuation
# Markdown gives no meaning to, ending in neither a space nor a backslash. Python-Markdown makes it one paragraph of
# itself, unchanged (tests/test_prose.py compares the two over every printable ASCII character and more), so
# most updates' summaries need no parser at all (53,000 of them on a cold build of 500 projects).
_PLAIN = re.compile(r"[^\W\d_](?:[^\W_]|[,.;:'?!()/%$@€£’‘“”\"-]| (?! ))*(?<! )")


def inline(value: object) -> Markup:
    """A value shown literally inside a Markdown line: HTML and Markdown syntax escaped, newlines folded."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    return _inline_text(str(value))


# Names, dates and colours come back thousands of times a build (2 million values at 500 projects): each distinct
# text is escaped once. A `Markup` cannot change, so the same one serves every page.
@functools.lru_cache(maxsize=1 << 16)
def _inline_text(raw: str) -> Markup:
    # Newlines and runs of spaces fold to one space (a newline would end a table row), but a space at
    # either end stays: it separates the value from the text around it.
    text = (" " if raw[:1].isspace() else "") + " ".join(raw.split()) + (" " if raw[-1:].isspace() and raw.strip() else "")
    escaped = text.translate(_TRANSLATION)
    escaped = _LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in html.unescape(m.group(0))), escaped)
    return Markup(escaped)


@functools.cache
def _converter() -> _markdown.Markdown:
    # One converter for every text, reset before each: making one loads its extensions, which took longer than
    # converting a summary (60% of the prose's time on a cold build of 100 projects).
    return _markdown.Markdown(extensions=["sane_lists", "tables", "fenced_code"], output_format="html")


def markdown(value: str | None, store: ConvertedStore | None = None) -> Markup:
    """Prose written in Markdown, as a sanitised HTML block that a Markdown page passes through unchanged.

    With `store`, each text is converted once and remembered (across builds when the store is on disk)."""
    if not value or not value.strip():
        return Markup("")
    if _PLAIN.fullmatch(value):
        rendered = f"<p>{value}</p>"  # nothing to remember: writing it again costs less than looking it up
    else:
        key = key_of("prose", _CONVERTER, value) if store is not None else ""
        found = store.get(key) if store is not None else None
        rendered = found if isinstance(found, str) else _converter().reset().convert(value)
        if store is not None and not isinstance(found, str):
            store.put(key, rendered)
    # Sanitised on every use, also when remembered: the store is a file, and whatever it holds is cleaned.
    clean = nh3.clean(
        rendered,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # A <div> at the start of a line is a raw HTML block to Python-Markdown: passed through, not re-parsed.
    # No `markdown="0"`: md_in_html parses only a block marked "1", and leaves a "0" in the page as an
    # attribute that HTML does not have (the Nu HTML checker's error).
    return Markup(f'<div class="rp-prose">{clean.strip()}</div>')
