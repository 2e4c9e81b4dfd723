"""HTML: the article's own text, each piece anchored to its line and column in the file.

The page is read once by a small tokenizer of our own. Text inside ``<article>`` wins (the
longest one, if a page has several), else ``<main>``, else ``<body>``; navigation, scripts,
styles, asides and footers are skipped, and a ``<header>`` outside the article (the site's
masthead) too. Block elements end paragraphs, runs of whitespace become one space and
character references are decoded, so the text differs from the file in length: the source map
re-anchors the text wherever its position in the file stops following from the text itself.

Why not ``html.parser``: it rescans the rest of the page for every ``<`` it cannot close
(``<a<a<a…``, unclosed comments), which is quadratic, and its character references become one
Python object each. Here every construct is found with one forward search; one that never
closes runs to the end of the file, as in a browser, so nothing is searched twice. References
are decoded by the tokenizer itself, with no DTD, no external entity and no network.
"""

from __future__ import annotations

import html
import re
from array import array
from functools import lru_cache
from html.entities import html5

from factcheck.errors import InputError
from factcheck.ingest.base import Extracted, SourceMap, decode_text, reader

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

# Tokenizer patterns: possessive, so none of them is ever retried from inside its own match.
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\r\f />]*+")
_ATTR_GAP = re.compile(r"[\s/]*+")
_ATTR_NAME = re.compile(r"[^\s/>][^\s/=>]*+")
_ATTR_EQUALS = re.compile(r"\s*+=\s*+")
_ATTR_UNQUOTED = re.compile(r"[^\s>]*+")
_RAW_TEXT_END = {
    tag: re.compile(rf"</{tag}(?=[\s/>]|\Z)", re.IGNORECASE) for tag in ("script", "style")
}
_REFERENCE = re.compile(r"&(?:#[0-9]++;?|#[xX][0-9a-fA-F]++;?|[A-Za-z][A-Za-z0-9]*+;?)")
_LONGEST_NAME = max(len(name) for name in html5)


@lru_cache(maxsize=1024)
def _decoded(reference: str) -> str | None:
    """The text a character reference stands for, or None to keep it as written."""
    if reference.startswith("&#"):
        digits = reference[2:].rstrip(";")
        hexadecimal = digits[:1] in "xX"
        significant = (digits[1:] if hexadecimal else digits).lstrip("0") or "0"
        if len(significant) > 8:  # beyond U+10FFFF; and int() of a huge string is slow
            return "\ufffd"
        return html.unescape("&#" + ("x" if hexadecimal else "") + significant + ";")
    name = reference[1:]
    if len(name) > _LONGEST_NAME or name not in html5:
        return None  # unknown, or a legacy name followed by more letters: keep the text
    return html5[name]


def _unescape(value: str) -> str:
    return _REFERENCE.sub(lambda m: _decoded(m.group(0)) or m.group(0), value)


class _Pieces:
    """What the walk found, kept compactly: text (None for a paragraph break), where it starts
    in the file and in which context (article, <main>, <body>) it stands."""

    def __init__(self) -> None:
        self.texts: list[str | None] = []
        self.references = bytearray()  # 1 where the text is a decoded character reference
        self.offsets = array("q")
        self.contexts = array("I")
        self.context_table: list[tuple[int, bool, bool]] = []
        self._context_ids: dict[tuple[int, bool, bool], int] = {}

    def add(
        self, text: str | None, offset: int, context: tuple[int, bool, bool], reference: bool
    ) -> None:
        context_id = self._context_ids.get(context)
        if context_id is None:
            context_id = self._context_ids[context] = len(self.context_table)
            self.context_table.append(context)
        self.texts.append(text)
        self.references.append(reference)
        self.offsets.append(offset)
        self.contexts.append(context_id)


class _Walker:
    """Tokenizes the page and keeps the pieces of text outside skipped elements."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pieces = _Pieces()
        self.published: str | None = None
        self._published_rank = len(_DATE_META)
        self._skipping: list[str] = []  # the open elements being skipped, innermost last
        self._skipped: dict[str, int] = {}  # how many of each are open: a lookup, not a scan
        self._articles = 0
        self._article_depth = 0
        self._main_depth = 0
        self._body_depth = 0

    # -- tokenizer ---------------------------------------------------------------------------

    def walk(self) -> None:
        source, pos, end = self.source, 0, len(self.source)
        while pos < end:
            lt = source.find("<", pos)
            if lt < 0:
                lt = end
            if lt > pos:
                self._text(pos, lt)
            pos = self._markup(lt) if lt < end else end

    def _markup(self, lt: int) -> int:
        """Read the markup at ``lt`` (a ``<``); where reading goes on."""
        source = self.source
        after = source[lt + 1 : lt + 3]
        if after[:1].isascii() and after[:1].isalpha():
            return self._start_tag(lt)
        if after[:1] == "/":
            if after[1:].isascii() and after[1:].isalpha():
                return self._end_tag(lt)
            return lt + 3 if after == "/>" else self._to_gt(lt + 2)
        if source.startswith("<!--", lt):
            return self._comment(lt)
        if after[:1] in ("!", "?"):  # doctype, CDATA, processing instruction
            return self._to_gt(lt + 2)
        self._text(lt, lt + 1)  # a lone '<' is text
        return lt + 1

    def _to_gt(self, pos: int) -> int:
        gt = self.source.find(">", pos)
        return len(self.source) if gt < 0 else gt + 1

    def _comment(self, lt: int) -> int:
        for empty in ("<!-->", "<!--->"):
            if self.source.startswith(empty, lt):
                return lt + len(empty)
        close = self.source.find("-->", lt + 4)
        return len(self.source) if close < 0 else close + 3

    def _end_tag(self, lt: int) -> int:
        name = _TAG_NAME.match(self.source, lt + 2)
        assert name is not None  # a letter follows '</'
        gt = self.source.find(">", name.end())
        if gt < 0:
            return len(self.source)  # the tag never ends: neither does the page
        self.end_tag(name.group(0).lower())
        return gt + 1

    def _start_tag(self, lt: int) -> int:
        source = self.source
        name = _TAG_NAME.match(source, lt + 1)
        assert name is not None  # a letter follows '<'
        tag = name.group(0).lower()
        attrs: list[tuple[str, str | None]] = []
        pos = name.end()
        while True:
            gap = _ATTR_GAP.match(source, pos)
            pos = gap.end() if gap else pos
            if pos >= len(source):
                return pos  # the tag never ends: neither does the page
            if source[pos] == ">":
                break
            pos = self._attribute(pos, attrs)
        if source[pos - 1] == "/":
            self.start_end_tag(tag, attrs)
        else:
            self.start_tag(tag, attrs)
        pos += 1
        if tag in _RAW_TEXT_END:  # script, style: text up to the end tag is not markup
            close = _RAW_TEXT_END[tag].search(source, pos)
            return len(source) if close is None else close.start()
        return pos

    def _attribute(self, pos: int, attrs: list[tuple[str, str | None]]) -> int:
        source = self.source
        name = _ATTR_NAME.match(source, pos)
        assert name is not None  # _ATTR_GAP stopped at a character that starts a name
        pos = name.end()
        equals = _ATTR_EQUALS.match(source, pos)
        if equals is None:
            attrs.append((name.group(0).lower(), None))
            return pos
        pos = equals.end()
        if source[pos : pos + 1] in ('"', "'"):
            close = source.find(source[pos], pos + 1)
            if close < 0:
                return len(source)  # an unclosed quote runs to the end, as in a browser
            value, pos = source[pos + 1 : close], close + 1
        else:
            unquoted = _ATTR_UNQUOTED.match(source, pos)
            assert unquoted is not None  # it matches the empty string too
            value, pos = unquoted.group(0), unquoted.end()
        attrs.append((name.group(0).lower(), value))
        return pos

    def _text(self, start: int, end: int) -> None:
        if self._skipping:
            return
        source = self.source
        pos = start
        if source.find("&", start, end) >= 0:
            for ref in _REFERENCE.finditer(source, start, end):
                decoded = _decoded(ref.group(0))
                if decoded is None:
                    continue
                if ref.start() > pos:
                    self._add(source[pos : ref.start()], pos)
                self._add(decoded, ref.start(), reference=True)
                pos = ref.end()
        if end > pos:
            self._add(source[pos:end], pos)

    # -- what the elements mean --------------------------------------------------------------

    def _add(self, text: str | None, offset: int, reference: bool = False) -> None:
        article = self._articles if self._article_depth else 0
        context = (article, self._main_depth > 0, self._body_depth > 0)
        self.pieces.add(text, offset, context, reference)

    def _skips(self, tag: str) -> bool:
        # A <header> inside the article holds its headline; elsewhere it is the masthead.
        return tag in _SKIP or (
            tag == "header" and not self._article_depth and not self._main_depth
        )

    def start_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
            return
        if tag == "body" and self._skipping == ["head"]:
            self._unskip("head")  # an unclosed <head> ends where the body begins
        if self._skipping or self._skips(tag):
            if self._skips(tag):
                self._skipping.append(tag)
                self._skipped[tag] = self._skipped.get(tag, 0) + 1
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
            self._add("\n", 0)
        elif tag in _BLOCK:
            self._add(None, 0)

    def start_end_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
        elif tag == "br" and not self._skipping:
            self._add("\n", 0)
        elif tag in _BLOCK and not self._skipping:
            self._add(None, 0)

    def end_tag(self, tag: str) -> None:
        if self._skipping:
            if self._skipped.get(tag):
                self._unskip(tag)
            return
        if tag in _BLOCK:
            self._add(None, 0)
        if tag == "article":
            self._article_depth = max(self._article_depth - 1, 0)
        elif tag == "main":
            self._main_depth = max(self._main_depth - 1, 0)
        elif tag == "body":
            self._body_depth = max(self._body_depth - 1, 0)

    def _unskip(self, tag: str) -> None:
        """Close the innermost open ``tag`` being skipped, and what is open inside it."""
        while True:
            closed = self._skipping.pop()
            self._skipped[closed] -= 1
            if closed == tag:
                return

    def _meta(self, attrs: dict[str, str | None]) -> None:
        content = attrs.get("content")
        if not content:
            return
        for attr in ("property", "name", "itemprop"):
            rank = _DATE_META.get((attr, _unescape(attrs.get(attr) or "").lower()))
            if rank is not None and rank < self._published_rank:
                self.published, self._published_rank = _unescape(content), rank


def _choose(pieces: _Pieces) -> set[int] | None:
    """The contexts to keep: the article with the most text, else <main>, else <body>, else
    everything (None)."""
    table = pieces.context_table
    sizes: dict[int, int] = {}
    for text, context in zip(pieces.texts, pieces.contexts, strict=True):
        article = table[context][0]
        if article and text:
            sizes[article] = sizes.get(article, 0) + len(text.strip())
    best = max((n, -a) for a, n in sizes.items()) if sizes else (0, 0)
    if best[0]:
        return {i for i, c in enumerate(table) if c[0] == -best[1]}
    for flag in (1, 2):  # in <main>, in <body>
        wanted = {i for i, c in enumerate(table) if c[flag]}
        for text, context in zip(pieces.texts, pieces.contexts, strict=True):
            if context in wanted and text and text.strip():
                return wanted
    return None


class _Cursor:
    """Line and column of file offsets that only move forward, counted incrementally."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._pos = 0
        self._line = 1
        self._line_start = 0

    def at(self, offset: int) -> tuple[int, int]:
        if offset < self._pos:  # not expected; start over rather than count backwards
            self._pos, self._line, self._line_start = 0, 1, 0
        newlines = self._source.count("\n", self._pos, offset)
        if newlines:
            self._line += newlines
            self._line_start = self._source.rfind("\n", self._pos, offset) + 1
        self._pos = offset
        return self._line, offset - self._line_start + 1


class _Assembler:
    """Builds the text and the anchors that let ``Document.locate`` find the file position."""

    def __init__(self, source: str) -> None:
        self.parts: list[str] = []
        self.source_map: SourceMap = []
        self._cursor = _Cursor(source)
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

    def _space(self) -> None:
        self._pending_space = not self._at_start and not self.parts[-1].endswith("\n")

    def _word(self, token: str, offset: int) -> None:
        if self._pending_space:
            self._emit(" ")
            self._pending_space = False
        where = self._cursor.at(offset)
        # The first word is always anchored: Document.locate reads offsets before the first
        # anchor from that anchor, so a page starting with a decoded reference would drift.
        if where != (self._line, self._column) or not self.source_map:
            self.source_map.append((self._offset, *where))
            self._line, self._column = where
        self._emit(token)
        self._at_start = False

    def words(self, text: str, offset: int, reference: bool) -> None:
        """A piece of text that stands at ``offset`` in the file."""
        if reference:  # a decoded reference: one space or one word, at the '&'
            if text.isspace():
                self._space()
            else:
                self._word(text, offset)
            return
        for m in _TOKENS.finditer(text):
            if m.group(0).isspace():
                self._space()
            else:
                self._word(m.group(0), offset + m.start())

    def text(self) -> str:
        return "".join(self.parts).rstrip()


def extract(source: str) -> tuple[str, SourceMap, str | None]:
    """The article text of an HTML page, its source map and its stated publication date."""
    walker = _Walker(source)
    walker.walk()
    pieces = walker.pieces
    out = _Assembler(source)
    wanted = _choose(pieces)
    for i, text in enumerate(pieces.texts):
        if wanted is not None and pieces.contexts[i] not in wanted:
            continue
        if text is None:
            out.paragraph("\n\n")
        elif text == "\n":  # a <br> (and, as ever, a lone newline between two tags)
            out.paragraph("\n")
        else:
            out.words(text, pieces.offsets[i], bool(pieces.references[i]))
    return out.text(), out.source_map, walker.published


@reader
def load(raw: bytes, label: str) -> Extracted:
    source = decode_text(raw, label)
    text, source_map, published = extract(source)
    if not text:
        raise InputError(f"{label}: no readable text in the HTML page")
    return Extracted(text=text, source_map=source_map, published=published)
