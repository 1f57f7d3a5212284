"""A small HTML reader for page tests: structure, text and the accessibility rules we keep."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import httpx

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
CONTROLS = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.headings: list[tuple[int, str]] = []
        self.inline_scripts = 0
        self.chunks: list[str] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                element = self._open.pop(i)
                if re.fullmatch(r"h[1-6]", tag):
                    self.headings.append((int(tag[1]), " ".join(element.text.split())))
                if tag == "script" and element.text.strip():
                    self.inline_scripts += 1
                break

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        for element in self._open:
            element.text += data

    # --- queries -------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """All visible-ish text, whitespace collapsed."""
        return " ".join("".join(self.chunks).split())

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def by_id(self, ident: str) -> Element | None:
        return next((e for e in self.elements if e.attrs.get("id") == ident), None)

    def links(self) -> list[str]:
        return [e.attrs["href"] for e in self.all("a") if "href" in e.attrs]

    def facts(self) -> dict[str, str]:
        """Definition-list pairs (dt → dd), whitespace collapsed."""
        pairs: dict[str, str] = {}
        term = None
        for e in self.elements:
            if e.tag == "dt":
                term = " ".join(e.text.split())
            elif e.tag == "dd" and term is not None:
                pairs[term] = " ".join(e.text.split())
                term = None
        return pairs

    def h1(self) -> str:
        return next(text for level, text in self.headings if level == 1)


def parse(source: str | httpx.Response) -> Page:
    page = Page()
    page.feed(source.text if isinstance(source, httpx.Response) else source)
    page.close()
    return page


def problems(page: Page) -> list[str]:
    """Every broken rule of the site's page contract (empty when the page is fine)."""
    found: list[str] = []
    html = page.all("html")
    if not html or html[0].attrs.get("lang") != "zh-CN":
        found.append("html lang is not zh-CN")
    if len(page.all("main")) != 1:
        found.append(f"{len(page.all('main'))} <main> elements")
    h1s = [h for h in page.headings if h[0] == 1]
    if len(h1s) != 1:
        found.append(f"{len(h1s)} <h1> elements")
    levels = [level for level, _ in page.headings]
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            found.append(f"heading jumps from h{before} to h{after}")
    if page.headings and page.headings[0][0] != 1:
        found.append("first heading is not the h1")
    labelled = {e.attrs.get("for") for e in page.all("label")}
    for e in page.elements:
        if e.tag not in CONTROLS or e.attrs.get("type") in UNLABELLED_INPUT_TYPES:
            continue
        if e.attrs.get("id") not in labelled and not e.attrs.get("aria-label"):
            found.append(f"unlabelled <{e.tag} name={e.attrs.get('name')}>")
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    found += [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for ref in (r for e in page.elements for r in e.attrs.get("aria-describedby", "").split()):
        if ref not in ids:
            found.append(f"aria-describedby points to missing id {ref}")
    if page.inline_scripts:
        found.append("inline <script>")
    if page.all("style") or any("style" in e.attrs for e in page.elements):
        found.append("inline style")
    if any(e.attrs.get("href", "").startswith("javascript:") for e in page.all("a")):
        found.append("javascript: link")
    if len(page.all("caption")) < len(page.all("table")):
        found.append("table without caption")
    found += ["<th> without scope" for th in page.all("th") if th.attrs.get("scope") not in
              {"col", "row", "colgroup", "rowgroup"}][:1]
    return found
