"""Links that work from the file system: a built page's folder links made into links to its index.html.

MkDocs writes each page as `<folder>/index.html` and links to it as `<folder>/`. A web server answers a
folder with its index.html; a browser opening the site from disk (file://) shows the folder's listing
instead. These functions make every internal folder link name the file, which both serve the same, so
the site reads the same over http, from any path under a web server, and from a folder on disk.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable, Collection

# href="..." as MkDocs and Material write it (always double quotes); the value never holds a quote. The
# literal comes first and the word boundary is checked behind it: a pattern that starts with `\b` is tried
# at every position of the page, which made this 12 times slower on a week's page.
_HREF = re.compile(r'(href=")(?<=\bhref=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_folders(dest_uris: Collection[str]) -> frozenset[str]:
    """The folders whose index.html is a page of the site ("" for the home page), from the pages' output paths."""
    return frozenset(posixpath.dirname(uri) for uri in dest_uris if posixpath.basename(uri) == "index.html")


def file_link(href: str, page_dest: str, folders: frozenset[str]) -> str:
    """`href` as written in the page at `page_dest` (its output path), naming the index.html of the page
    it links to when it is a relative link to a page's folder; any other link as it is."""
    if not href or href.startswith(("#", "/", "?")) or _SCHEME.match(href):
        return href  # a fragment, a path from the server's root (MkDocs writes none), or another scheme
    path, hash_mark, fragment = href.partition("#")
    path, question_mark, query = path.partition("?")
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if not (path.endswith("/") or last in (".", "..")):
        return href  # a file: a page's .html, a feed, a stylesheet, a download
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_dest), path))
    if (target if target != "." else "") not in folders:
        return href  # a folder that is not a page (none is linked, but a listing is better than a 404)
    return f"{path.rstrip('/')}/index.html{question_mark}{query}{hash_mark}{fragment}"


def file_links(html_page: str, page_dest: str, folders: frozenset[str]) -> str:
    """A built page with every internal folder link in an href made a link to that page's index.html."""
    made: dict[str, str] = {}  # a page links the same place many times (a person, a week): work it out once

    def link(match: re.Match[str]) -> str:
        href = match.group(2)
        found = made.get(href)
        if found is None:
            found = made[href] = file_link(href, page_dest, folders)
        return f'href="{found}"'

    return _HREF.sub(link, html_page)


# A link to a Markdown page in raw HTML (an update's block of HTML, which MkDocs does not rewrite): no scheme.
_PAGE_HREF = re.compile(r'(href=")(?<=\bhref=")([^":?#]+\.md)(#[^"]*)?(")')


def page_links(html_page: str, page_src: str, url_of: Callable[[str], str | None]) -> str:
    """A built page with each link to a Markdown page (`../people/ada.md`, relative to the page's own source
    `page_src`) made that page's URL as `url_of` gives it (relative to this page), as MkDocs makes the links of
    the Markdown; a link to no page of the site is left as it is."""

    here = posixpath.dirname(page_src)
    made: dict[str, str | None] = {}  # a page links the same page many times: work its URL out once

    def url(match: re.Match[str]) -> str:
        written = match.group(2)
        if written in made:
            found = made[written]
        else:
            found = made[written] = url_of(posixpath.normpath(posixpath.join(here, html.unescape(written))))
        if found is None:
            return match.group(0)
        return f'href="{found}{match.group(3) or ""}"'

    return _PAGE_HREF.sub(url, html_page) if ".md" in html_page else html_page


def page_link_targets(html_text: str, page_src: str, url_of: Callable[[str], str | None]) -> list[str]:
    """Each link to a Markdown page in `html_text` (raw HTML, as `page_links` finds them), with the URL
    `url_of` gives its target ('-' when the site has no such page), sorted: what `page_links` makes of
    them, for a key of what a built page depends on outside its own text."""
    if ".md" not in html_text:
        return []
    here = posixpath.dirname(page_src)
    targets = []
    for written in sorted({m.group(2) for m in _PAGE_HREF.finditer(html_text)}):
        found = url_of(posixpath.normpath(posixpath.join(here, html.unescape(written))))
        targets.append(f"{written} {'-' if found is None else found}")
    return targets


def search_index_script(index_json: str) -> str:
    """Material's search index as the script it loads from file:// (where it cannot fetch the JSON),
    `var __index = {...}`, with each result's location naming its page's index.html."""
    index = json.loads(index_json)
    for doc in index.get("docs", []):
        location = doc.get("location")
        if isinstance(location, str) and not _SCHEME.match(location):
            path, hash_mark, fragment = location.partition("#")
            if path == "" or path.endswith("/"):
                doc["location"] = f"{path}index.html{hash_mark}{fragment}"
    # Compact and ASCII: `</script>` cannot occur (every '<' in the text is escaped as \u003c).
    body = json.dumps(index, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")
    return f"var __index = {body}\n"
