"""Whole built pages remembered across builds: an unchanged page skips the theme, search and the link passes.

After its Markdown is remembered (`plugin.PageMemory`), most of what a page still costs is the theme's
template (the nav, the contents, the header and footer), the search plugin parsing the page into
sections, and the plugin's own passes over the built HTML (drawings put in, links made URLs, cells
labelled). For a generated page none of that changes from one build to the next unless something it
depends on does, so the page as written (and the search entries it gave) is kept under a key that
hashes all of it:

- the page's own Markdown key (its Markdown, its links' targets, the converter and versions), its URL,
  its destination and its front matter;
- the links to pages in its blocks of HTML (in its Markdown, and in the charts and blocks kept apart from
  it), each with the URL of its target or its absence, as the plugin makes them URLs;
- the site: the configuration as MkDocs resolved it (theme and its options, plugins and theirs, Markdown
  extensions, extra settings, nav), the files of a custom theme folder, and the nav with every title and URL;
- the versions of MkDocs, Material and reporter.

Other files are not in the key: a page added to the site (next week's page) leaves every page that does
not link it as it was. A folder link is made to name its index.html when the folder is a page's, which a
link's target URL already tells (`page.url` ends in '/' exactly when the page is its folder's index.html).

Charts and blocks of HTML are named in the Markdown by a hash of their content, so the Markdown key
covers them. Only a build whose plugins are all known (reporter and Material's search) uses the memory:
another plugin's `on_post_page` would otherwise run twice over a remembered page.

On disk: one file per page in a folder of the repository's git folder (beside the other stores),
named by its key: a line of JSON (format, the output's SHA-256, its search entries) and then the
page. A file whose hash does not match, or that cannot be read, is ignored and the page is built
again; files a build did not use are removed at its end, so the folder holds one build's pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import material
import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from reporter.render.cache import key_of

FORMAT = 1
TEMPLATE = "reporter-remembered.html"  # a remembered page's template: the page as it was written
TEMPLATE_SOURCE = "{{ page.content }}"
SAFE_PLUGINS = frozenset({"reporter", "material/search"})
# Where a build runs, not what it writes: `reporter build` builds into a new temporary folder each time.
_NOT_IN_OUTPUT = frozenset({"site_dir", "docs_dir", "config_file_path", "watch"})


def usable(config: MkDocsConfig) -> bool:
    """Whether whole pages may be remembered in this build: every plugin is one whose effect is known."""
    return set(config.plugins.keys()) <= SAFE_PLUGINS


def site_key(config: MkDocsConfig, nav: Navigation) -> str:
    """A hash of what every page's built HTML depends on outside the page (see the module's docstring)."""
    return key_of(
        "site",
        mkdocs.__version__,
        getattr(material, "__version__", "?"),
        _plain(config),
        _theme_files(config),
        "\n".join(_nav_lines(nav.items, 0)),
    )


def page_key(site: str, markdown_key: str, page: Page, links: Iterable[str]) -> str:
    """The key of one page's built HTML: the site's key, the page's Markdown key, where it goes, its front
    matter, and `links`, its blocks of HTML's links to pages with their targets' URLs (`page_link_targets`)."""
    meta = json.dumps(page.meta, sort_keys=True, default=repr)
    return key_of("built", site, markdown_key, page.url, page.file.dest_uri, meta, "\n".join(links))


class BuiltMemory:
    """The folder of remembered pages; `folder` None remembers nothing."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0

    def find(self, key: str) -> tuple[str, list[dict[str, Any]]] | None:
        """The remembered page and its search entries, or None when there is none or its file is damaged."""
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{key}.html", encoding="utf-8") as handle:
                header = json.loads(handle.readline())
                output = handle.read()
        except (OSError, ValueError):
            return None
        if (
            not isinstance(header, dict)
            or header.get("format") != FORMAT
            or header.get("sha256") != hashlib.sha256(output.encode("utf-8", "surrogatepass")).hexdigest()
            or not isinstance(header.get("search"), list)
        ):
            return None
        self.used.add(key)
        self.hits += 1
        return output, header["search"]

    def put(self, key: str, output: str, search: list[dict[str, Any]]) -> None:
        """Remember a built page (aside, then renamed into place); a folder that cannot be written is left alone."""
        if self.folder is None:
            return
        self.used.add(key)
        header = {"format": FORMAT, "sha256": hashlib.sha256(output.encode("utf-8", "surrogatepass")).hexdigest()}
        header["search"] = search
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".page-", dir=self.folder)
            with os.fdopen(handle, "w", encoding="utf-8", errors="surrogatepass") as out:
                out.write(json.dumps(header, separators=(",", ":")) + "\n")
                out.write(output)
            os.replace(temporary, self.folder / f"{key}.html")
        except OSError:
            return

    def finish(self) -> None:
        """Remove the pages this build did not use (and anything half-written), so the folder holds one build's."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.suffix != ".html" or entry.stem not in self.used:
                try:
                    entry.unlink()
                except OSError:
                    pass


def _plain(value: Any, depth: int = 0) -> str:
    """A stable text of a configuration value: dicts sorted, objects by their type (they hold no setting)."""
    if depth > 8:
        return "…"
    if isinstance(value, MkDocsConfig):
        return "{" + ",".join(f"{k}:{_plain(v, depth + 1)}" for k, v in sorted(value.items()) if k not in _NOT_IN_OUTPUT) + "}"
    if isinstance(value, BasePlugin):  # a plugin, by its class and its options
        return type(value).__name__ + _plain(value.config, depth + 1)
    if hasattr(value, "items") and callable(value.items):  # Config, dict, the plugins
        try:
            items = sorted((str(k), v) for k, v in value.items())
        except TypeError:
            return type(value).__name__
        return "{" + ",".join(f"{k}:{_plain(v, depth + 1)}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_plain(v, depth + 1) for v in value) + "]"
    if value is None or isinstance(value, (str, int, float, bool, dt.date)):
        return repr(value)
    shown = str(value)  # a locale says its name; an object without a text of its own says only its type
    return type(value).__name__ + ("" if " at 0x" in shown else f"({shown})")


def _theme_files(config: MkDocsConfig) -> str:
    """Names and contents of a custom theme folder's files (an installed theme is named by its version)."""
    installed = (Path(mkdocs.__file__).parent, Path(material.__file__).parent)
    digest = hashlib.sha256()
    for folder in config.theme.dirs:
        root = Path(folder)
        if any(root == place or place in root.parents for place in installed) or not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _nav_lines(items: Iterable[Any], depth: int) -> list[str]:
    lines = []
    for item in items:
        if isinstance(item, Section):
            lines.append(f"{depth} S {item.title}")
            lines += _nav_lines(item.children, depth + 1)
        elif isinstance(item, Link):
            lines.append(f"{depth} L {item.title} {item.url}")
        else:
            lines.append(f"{depth} P {item.title} {item.url}")
    return lines
