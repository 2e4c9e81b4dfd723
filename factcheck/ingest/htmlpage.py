"""HTML: the article's own text, each piece anchored to its line and column in the file.

The page is walked once with the standard library's parser. Text inside ``<article>`` wins
(the longest one, if a page has several), else ``<main>``, else ``<body>``; navigation,
scripts, styles, asides and footers are skipped, and a ``<header>`` outside the article (the
site's masthead) too. Block elements end paragraphs, runs of whitespace become one space and
character references are decoded, so the text differs from the file in length: the source map
re-anchors the text wherever its position in the file stops following from the text itself.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from factcheck.errors import InputError
from factcheck.ingest.base import Extracted, SourceMap, decode_text

_SKIP = frozenset(
    {"script", "style", "nav", "footer", "aside", "noscript", "template", "svg", "head",
     "form", "button", "select", "iframe", "object", "canvas"}
)  # fmt: skip
_BLOCK = frozenset(
    {"address", "article", "blockquote", "caption", "dd", "details", "dialog", "div", "dl",
     "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header",
     "hgroup", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "td", "th",
     "tr", "ul", "body"}
)  # fmt: skip
_DATE_META = {
    ("property", "article:published_time"): 0,
    ("name", "article:published_time"): 0,
    ("itemprop", "datepublished"): 1,
    ("name", "date"): 2,
}
_TOKENS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class _Piece:
    """Text found at (line, column) of the file, or a paragraph break when ``text`` is None."""

    text: str | None
    line: int
    column: int
    article: int | None  # which <article> (1, 2, …) holds it
    in_main: bool
    in_body: bool


class _Walker(HTMLParser):
    def __init__(self) -> None:
        # Character references arrive on their own, so each keeps its position in the file.
        super().__init__(convert_charrefs=False)
        self.pieces: list[_Piece] = []
        self.published: str | None = None
        self._published_rank = len(_DATE_META)
        self._skipping: list[str] = []
        self._articles = 0
        self._article_depth = 0
        self._main_depth = 0
        self._body_depth = 0

    def _add(self, text: str | None) -> None:
        line, offset = self.getpos()
        self.pieces.append(
            _Piece(
                text=text,
                line=line,
                column=offset + 1,
                article=self._articles if self._article_depth else None,
                in_main=self._main_depth > 0,
                in_body=self._body_depth > 0,
            )
        )

    def _skips(self, tag: str) -> bool:
        # A <header> inside the article holds its headline; elsewhere it is the masthead.
        return tag in _SKIP or (
            tag == "header" and not self._article_depth and not self._main_depth
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
            return
        if tag == "body" and self._skipping == ["head"]:
            self._skipping.clear()  # an unclosed <head> ends where the body begins
        if self._skipping or self._skips(tag):
            if self._skips(tag):
                self._skipping.append(tag)
            return
        if tag == "article":
            if not self._article_depth:
                self._articles += 1
            self._article_depth += 1
        elif tag == "main":
            self._main_depth += 1
        elif tag == "body":
            self._body_depth += 1
        if tag == "br":
            self._add("\n")
        elif tag in _BLOCK:
            self._add(None)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
        elif tag == "br" and not self._skipping:
            self._add("\n")
        elif tag in _BLOCK and not self._skipping:
            self._add(None)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag in self._skipping:
                while self._skipping.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self._add(None)
        if tag == "article":
            self._article_depth = max(self._article_depth - 1, 0)
        elif tag == "main":
            self._main_depth = max(self._main_depth - 1, 0)
        elif tag == "body":
            self._body_depth = max(self._body_depth - 1, 0)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._add(data)

    def handle_entityref(self, name: str) -> None:
        if not self._skipping:
            self._add(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        if not self._skipping:
            self._add(html.unescape(f"&#{name};"))

    def _meta(self, attrs: dict[str, str | None]) -> None:
        content = attrs.get("content")
        if not content:
            return
        for attr in ("property", "name", "itemprop"):
            rank = _DATE_META.get((attr, (attrs.get(attr) or "").lower()))
            if rank is not None and rank < self._published_rank:
                self.published, self._published_rank = content, rank


def _choose(pieces: list[_Piece]) -> list[_Piece]:
    """The pieces of the article with the most text, else of <main>, else of <body>."""
    sizes: dict[int, int] = {}
    for p in pieces:
        if p.article is not None and p.text:
            sizes[p.article] = sizes.get(p.article, 0) + len(p.text.strip())
    best = max((n, -a) for a, n in sizes.items()) if sizes else (0, 0)
    if best[0]:
        return [p for p in pieces if p.article == -best[1]]
    for inside in (lambda p: p.in_main, lambda p: p.in_body):
        chosen = [p for p in pieces if inside(p)]
        if any(p.text and p.text.strip() for p in chosen):
            return chosen
    return pieces


class _Assembler:
    """Builds the text and the anchors that let ``Document.locate`` find the file position."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.source_map: SourceMap = []
        self._offset = 0
        self._line, self._column = 1, 1  # where Document.locate would put the next character
        self._pending_space = False
        self._at_start = True

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self._offset += len(s)
        newlines = s.count("\n")
        if newlines:
            self._line += newlines
            self._column = len(s) - s.rfind("\n")
        else:
            self._column += len(s)

    def paragraph(self, separator: str) -> None:
        if not self._at_start and not self.parts[-1].endswith("\n\n"):
            self._emit(separator)
        self._pending_space = False

    def words(self, piece: _Piece) -> None:
        assert piece.text is not None
        for m in _TOKENS.finditer(piece.text):
            token = m.group(0)
            if token.isspace():
                self._pending_space = not self._at_start and not self.parts[-1].endswith("\n")
                continue
            if self._pending_space:
                self._emit(" ")
                self._pending_space = False
            before = piece.text[: m.start()]
            newlines = before.count("\n")
            if newlines:
                where = (piece.line + newlines, m.start() - before.rfind("\n"))
            else:
                where = (piece.line, piece.column + m.start())
            if where != (self._line, self._column):
                self.source_map.append((self._offset, *where))
                self._line, self._column = where
            self._emit(token)
            self._at_start = False

    def text(self) -> str:
        return "".join(self.parts).rstrip()


def extract(source: str) -> tuple[str, SourceMap, str | None]:
    """The article text of an HTML page, its source map and its stated publication date."""
    walker = _Walker()
    walker.feed(source)
    walker.close()
    out = _Assembler()
    for piece in _choose(walker.pieces):
        if piece.text is None:
            out.paragraph("\n\n")
        elif piece.text == "\n":
            out.paragraph("\n")
        else:
            out.words(piece)
    return out.text(), out.source_map, walker.published


def load(raw: bytes, label: str) -> Extracted:
    source = decode_text(raw, label)
    try:
        text, source_map, published = extract(source)
    except Exception as exc:  # html.parser rarely gives up, but when it does, say so
        raise InputError(f"{label}: cannot parse the HTML ({type(exc).__name__}: {exc})") from None
    if not text:
        raise InputError(f"{label}: no readable text in the HTML page")
    return Extracted(text=text, source_map=source_map, published=published)
