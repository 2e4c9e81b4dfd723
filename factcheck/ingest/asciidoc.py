"""AsciiDoc drafts: markup blanked in place, as the Markdown reader does.

Blocks are read line by line, once. Blanked whole: comments (``//`` lines, ``////`` blocks),
listing, literal and passthrough blocks (``----``, ``....``, ``++++``, fenced code), tables
(``|===``, ``,===``, ``:===``, ``!===``), literal (indented) paragraphs, a paragraph or block
styled as code (``[source]``, ``[listing]``, ``[literal]``, …), attribute entries and block
attribute lines. Only their markers go: titles (``== Title`` and two-line titles), list items,
block titles, admonition labels, and the delimiters of example, sidebar, quote and open blocks
whose content is prose. Then the inline markup: monospace (code) goes; of links, cross
references and footnotes only the visible words stay; images, URLs and attribute references
go. The date is ``:published_at:``, else ``:date:``, else ``:revdate:`` (blanked, like front
matter). No asciidoctor: a draft is read in microseconds, and nothing is imported at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.ingest.base import Extracted, decode_text, reader
from factcheck.ingest.lightmarkup import (
    NextOf,
    Paragraphs,
    Spans,
    blank,
    blank_lines,
    blank_match,
    blank_spans,
    decode_entities,
    pairs,
)

DATE_ATTRIBUTES = ("published_at", "date", "revdate")  # in order of preference
CODE_STYLES = frozenset({"source", "listing", "literal", "pass", "stem", "comment", "latexmath"})
# Delimiters of blocks that are never prose, by their first character; tables by their first.
_CODE_DELIMITERS = frozenset("-./+`")
_TABLE = re.compile(r"[|,:!]={3,}+ *+")
_DELIMITER = re.compile(
    r"(?:-{4,}+|\.{4,}+|/{4,}+|\+{4,}+|={4,}+|\*{4,}+|_{4,}+|--|`{3,}+[\w+-]*+) *+"
)
_ATTRIBUTE_ENTRY = re.compile(r":!?([\w][\w-]*+)!?:(?:[ \t]++(.*+))?")
_SECTION = re.compile(r"(?:={1,6}+|#{1,6}+)[ \t]++(?=\S)")
_SECTION_CLOSE = re.compile(r"[ \t]++=++[ \t]*+$")
_BLOCK_TITLE = re.compile(r"\.(?=[^\s.])")
_LIST_MARKER = re.compile(
    r"[ \t]*+(?:\*{1,5}+|-|\.{1,5}+|\d{1,9}\.|[a-z]\.)[ \t]++(?:\[[ x*]\][ \t]++)?"
)
_ADMONITION = re.compile(r"(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION):[ \t]++")
_UNDERLINE = re.compile(r"(=++|-++|~++|\^++|\+++) *+")
_BREAK = re.compile(r"(?:'{3,}+|<{3,}+|\+) *+")  # thematic break, page break, list continuation
_EMAIL = re.compile(r"<[^<>\s@]++@[^<>\s]++>")

_MACRO = re.compile(
    r"\b(image|link|xref|footnote|footnoteref|kbd|btn|menu|pass|mailto|anchor|indexterm2?|"
    r"stem|latexmath|asciimath|include|video|audio|icon)(::?)([^\s\[]*+)(?=\[)"
)
_URL = re.compile(r"\b(?:https?|ftp|irc)://[^\s\[<>]++")
_KEEP_TEXT = frozenset({"link", "xref", "footnote", "mailto", "indexterm2"})
_XREF = re.compile(r"<<[^<>\n,]*+(,[^<>\n]*+)?>>")
_ANCHOR = re.compile(r"\[\[[^\[\]\n]*+\]\]|\[#[^\[\]\n]*+\]")
_ATTRIBUTE_REF = re.compile(r"\{[A-Za-z0-9_][\w-]*+\}")
_FORMATTING = re.compile(
    r"(?<![\w*_#])(?:\*\*|__|##|[*_#])(?=[^\s*_#])|(?<=[^\s*_#])(?:\*\*|__|##|[*_#])(?![\w*_#])"
)
_HARD_BREAK = re.compile(r"(?<= )\+$", re.MULTILINE)


@dataclass
class _Lines:
    lines: list[str]
    dates: dict[str, str]
    style: str | None = None  # the style a block attribute line gave the next block
    in_list: bool = False
    titled: bool = False  # the last line was a block title: the next one starts a block

    def is_blank(self, i: int) -> bool:
        return not self.lines[i].strip()


def _delimited(doc: _Lines, i: int, delimiter: str) -> int:
    """A delimited block opened at line ``i``: blank it whole when it is code, a comment or a
    table, else only its delimiters (its content is read as usual). The next line to read."""
    lines = doc.lines
    code = delimiter[0] in _CODE_DELIMITERS and delimiter != "--"
    code = code or bool(_TABLE.fullmatch(delimiter)) or doc.style in CODE_STYLES
    doc.style = None
    if not code:
        lines[i] = blank(lines[i])
        return i + 1
    closer = "```" if delimiter.startswith("```") else delimiter
    end = i + 1
    while end < len(lines) and lines[end].rstrip() != closer:
        end += 1
    blank_lines(lines, i, min(end + 1, len(lines)))
    return end + 1


def _paragraph_end(doc: _Lines, i: int) -> int:
    end = i
    while end < len(doc.lines) and not doc.is_blank(end):
        end += 1
    return end


def _header(doc: _Lines, i: int) -> int:
    """The document title at line ``i`` and the header under it: the author line keeps its
    names, the revision line goes, attribute entries are read and go."""
    lines = doc.lines
    lines[i] = blank(lines[i][:2]) + lines[i][2:]
    j = i + 1
    author_done = False
    while j < len(lines) and not doc.is_blank(j):
        entry = _ATTRIBUTE_ENTRY.fullmatch(lines[j])
        if entry:
            _attribute(doc, j, entry)
        elif lines[j].startswith("//"):
            lines[j] = blank(lines[j])
        elif not author_done:
            lines[j] = _EMAIL.sub(blank_match, lines[j])
            author_done = True
        else:  # the revision line: a version and a date, no prose
            lines[j] = blank(lines[j])
        j += 1
    return j


def _attribute(doc: _Lines, i: int, entry: re.Match[str]) -> None:
    name = entry.group(1).lower().replace("-", "_")
    if name in DATE_ATTRIBUTES and entry.group(2):
        doc.dates.setdefault(name, entry.group(2).strip())
    doc.lines[i] = blank(doc.lines[i])


def _style(line: str) -> str | None:
    """The block style a ``[style,…]`` line names (``source`` in ``[source,python]``)."""
    inner = line.strip()[1:-1].strip()
    if inner.startswith(("[", "#", ".", "%")):
        return None
    return re.split(r"[,#.%]", inner, maxsplit=1)[0].strip().lower() or None


def _two_line_title(doc: _Lines, i: int) -> bool:
    """Line ``i`` is a title underlined on the next line, as long as it within one character."""
    if i + 1 >= len(doc.lines) or not doc.lines[i][:1].isalnum():
        return False
    underline = doc.lines[i + 1].rstrip()
    return (
        bool(_UNDERLINE.fullmatch(underline))
        and abs(len(underline) - len(doc.lines[i].rstrip())) <= 1
    )


def _line(doc: _Lines, i: int, starts_paragraph: bool) -> int:
    """Read the line ``i``; the next line to read."""
    lines = doc.lines
    line = lines[i]
    if line.startswith("//"):
        slashes = line.rstrip()
        if len(slashes) >= 4 and not slashes.strip("/"):
            return _delimited(doc, i, slashes)  # a //// comment block
        lines[i] = blank(line)
        return i + 1
    if _DELIMITER.fullmatch(line) or _TABLE.fullmatch(line):
        return _delimited(doc, i, line.rstrip())
    entry = _ATTRIBUTE_ENTRY.fullmatch(line)
    if entry:
        _attribute(doc, i, entry)
        return i + 1
    if line.startswith("[") and line.rstrip().endswith("]"):  # [style,attributes], [[anchor]]
        doc.style = _style(line)
        lines[i] = blank(line)
        return i + 1
    if _BREAK.fullmatch(line):
        lines[i] = blank(line)
        return i + 1
    if starts_paragraph and _BLOCK_TITLE.match(line):  # a title for the block below
        lines[i] = " " + line[1:]
        doc.titled = True
        return i + 1
    if starts_paragraph and (doc.style in CODE_STYLES or line[:1] in (" ", "\t")):
        end = _paragraph_end(doc, i)  # a code-styled or a literal (indented) paragraph
        blank_lines(lines, i, end)
        doc.style = None
        return end
    doc.style = None
    if starts_paragraph and _two_line_title(doc, i):
        lines[i + 1] = blank(lines[i + 1])
        return i + 2
    lines[i] = _markers(doc, line, starts_paragraph)
    return i + 1


def _markers(doc: _Lines, line: str, starts_paragraph: bool) -> str:
    """A prose line without its leading title, list or admonition marker. A list starts a
    paragraph and its items follow each other: "2025." wrapped to the start of a line inside
    a sentence is not a list item."""
    item = _LIST_MARKER.match(line)
    if item and (starts_paragraph or doc.in_list):
        doc.in_list = True
        return blank(line[: item.end()]) + line[item.end() :]
    if starts_paragraph:
        doc.in_list = False
        section = _SECTION.match(line)
        if section:
            line = blank(line[: section.end()]) + line[section.end() :]
            return _SECTION_CLOSE.sub(blank_match, line)
        label = _ADMONITION.match(line)
        if label:
            return blank(line[: label.end()]) + line[label.end() :]
    return line


def _blocks(doc: _Lines) -> None:
    lines = doc.lines
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].startswith("//")):
        i += 1
    if i < len(lines) and lines[i].startswith("= "):
        i = _header(doc, i)
    while i < len(lines):
        if doc.is_blank(i):
            i += 1
            continue
        starts_paragraph = i == 0 or doc.is_blank(i - 1) or doc.titled
        doc.titled = False
        i = _line(doc, i, starts_paragraph)


def _macros(text: str) -> Spans:
    """``name:target[text]`` macros: keep the text of links, cross references and footnotes;
    blank the rest. A ``[`` with no ``]`` on its line leaves the macro as it is."""
    close = NextOf(text, "]\n")
    spans: Spans = []
    for m in _MACRO.finditer(text):
        bracket = close(m.end() + 1)
        if not text.startswith("]", bracket):
            continue
        if m.group(1) in _KEEP_TEXT:
            spans += [(m.start(), m.end() + 1), (bracket, bracket + 1)]
        else:
            spans.append((m.start(), bracket + 1))
    return spans


def _urls(text: str) -> Spans:
    """Bare URLs go; ``https://…[words]`` keeps the words."""
    close = NextOf(text, "]\n")
    spans: Spans = []
    for m in _URL.finditer(text):
        end = m.end()
        if text.startswith("[", end):
            bracket = close(end + 1)
            if text.startswith("]", bracket):
                spans += [(m.start(), end + 1), (bracket, bracket + 1)]
                continue
        spans.append((m.start(), end))
    return spans


def _xref(m: re.Match[str]) -> str:
    """``<<id,words>>`` shows the words; ``<<id>>`` a title we do not know: blank it."""
    if m.group(1) is None:
        return blank(m.group(0))
    start = m.start(1) - m.start() + 1
    inside = m.group(0)
    return blank(inside[:start]) + inside[start:-2] + "  "


def _monospace(text: str, paragraphs: Paragraphs) -> Spans:
    """Backquoted code goes whole; in curved quotes (``"`words`"``) only the backquotes go."""
    spans: Spans = []
    for open_, close in pairs(text, "`", paragraphs):
        quote = text[open_ - 1 : open_]
        if quote in ('"', "'") and text.startswith(quote, close + 1):
            spans += [(open_, open_ + 1), (close, close + 1)]
        else:
            spans.append((open_, close + 1))
    return spans


def _inline(text: str) -> str:
    paragraphs = Paragraphs(text)
    text = blank_spans(text, _monospace(text, paragraphs))
    text = blank_spans(text, _macros(text))
    text = blank_spans(text, _urls(text))
    text = _XREF.sub(_xref, text)
    text = _ANCHOR.sub(blank_match, text)
    text = _ATTRIBUTE_REF.sub(blank_match, text)
    text = _FORMATTING.sub(blank_match, text)
    text = _HARD_BREAK.sub(" ", text)
    return decode_entities(text)


def to_prose(text: str) -> tuple[str, str | None]:
    """The draft's prose, same length and line breaks as ``text``, and its stated date."""
    doc = _Lines(text.split("\n"), {})
    _blocks(doc)
    published = next((doc.dates[name] for name in DATE_ATTRIBUTES if name in doc.dates), None)
    return _inline("\n".join(doc.lines)), published


@reader
def load(raw: bytes, label: str) -> Extracted:
    text, published = to_prose(decode_text(raw, label))
    return Extracted(text=text, published=published)
