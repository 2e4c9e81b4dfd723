"""reStructuredText drafts: markup blanked in place, as the Markdown reader does.

Blocks are read line by line, once: titles' underlines and overlines, comments, link targets,
directives (their options always; their whole body unless they hold prose, like ``note``),
literal blocks after ``::``, doctest blocks and grid and simple tables are blanked. Then the
inline markup of what is left: inline literals go, and of roles, links and references only
the visible words stay (``:ref:`the toll <toll>``` keeps "the toll"). A ``:date:`` or
``:published_at:`` field is the publication date, and is blanked like Markdown front matter.
No docutils: a draft is read in microseconds, and nothing is imported at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.ingest.base import Extracted, decode_text, reader
from factcheck.ingest.lightmarkup import (
    Paragraphs,
    Spans,
    blank,
    blank_lines,
    blank_match,
    blank_spans,
    pairs,
)

# Directives whose body is prose; every other directive (code, includes, images, tables,
# raw, math, meta, …) is blanked whole.
PROSE_DIRECTIVES = frozenset(
    {"attention", "caution", "danger", "error", "hint", "important", "note", "tip", "warning",
     "admonition", "topic", "sidebar", "epigraph", "highlights", "pull-quote", "compound",
     "container", "rubric", "line-block", "parsed-literal"}
)  # fmt: skip
CODE_ROLES = frozenset(
    {"code", "literal", "math", "file", "samp", "kbd", "command", "program", "envvar",
     "option", "regexp", "makevar", "mimetype", "raw"}
)  # fmt: skip
DATE_FIELDS = ("published_at", "date")

_EXPLICIT = re.compile(r"( *+)\.\.(?=\s|$)")
_DIRECTIVE = re.compile(r" ++([A-Za-z0-9][\w.+-]*+(?::[\w.+-]++)*+)::(?=\s|$)")
_NOTE_LABEL = re.compile(r" ++\[(?:#?[\w.-]*+|\*)\](?=\s|$)")
_OPTION = re.compile(r" ++:[\w.+-][^:\n]*+:(?=\s|$)")
_FIELD = re.compile(r"( *+):([^:\n`]++):(?=\s|$)")
_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1{2,}+ *+")
_GRID_BORDER = re.compile(r" *+\+(?:[-=]++\+)++ *+")
_SIMPLE_BORDER = re.compile(r" *+=++(?: ++=++)++ *+")
_LIST_MARKER = re.compile(r" *+(?:[-*+•‣⁃]|\d{1,9}[.)]|\(\d{1,9}\)|#[.)])(?= )")
_LINE_BLOCK = re.compile(r"^ *+\|(?= |$)", re.MULTILINE)

_ROLE_BEFORE = re.compile(r":([A-Za-z][\w.+-]*+(?::[\w.+-]++)?):$")
_ROLE_AFTER = re.compile(r"__?|:[A-Za-z][\w.+-]*+:")
_TARGET = re.compile(r"\s<[^<>\n]*+>$")
_NOTE_REF = re.compile(r"\[(?:#?[\w.-]*+|\*)\]_")
_SUBSTITUTION = re.compile(r"\|(?=[^\s|])[^|\n]*+\|(?:__?)?")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}(?=[^\s*])|(?<=[^\s*])\*{1,2}(?![\w*])")
_REFERENCE_NAME = re.compile(r"(?<=[A-Za-z0-9])__?(?![\w])")


@dataclass
class _Lines:
    """The lines being blanked, and what was learnt on the way."""

    lines: list[str]
    published: str | None = None
    seen_prose: bool = False  # a field list before any prose is the document's own fields

    def indent(self, i: int) -> int:
        line = self.lines[i]
        return len(line) - len(line.lstrip(" "))

    def is_blank(self, i: int) -> bool:
        return not self.lines[i].strip()

    def block_end(self, i: int, indent: int) -> int:
        """The end of the block whose first line is ``i``: the lines after it that are blank
        or indented deeper than ``indent`` (trailing blank lines excluded)."""
        end = j = i + 1
        while j < len(self.lines):
            if self.is_blank(j):
                j += 1
                continue
            if self.indent(j) <= indent:
                break
            j += 1
            end = j
        return end


def _explicit(doc: _Lines, i: int, m: re.Match[str]) -> int:
    """A line starting with ``..``: a directive, footnote, target, substitution or comment.
    Returns the next line to read."""
    line, indent = doc.lines[i], len(m.group(1))
    rest = m.end()
    directive = _DIRECTIVE.match(line, rest)
    if directive and directive.group(1).lower() in PROSE_DIRECTIVES:
        doc.lines[i] = blank(line[: directive.end()]) + line[directive.end() :]
        j = i + 1
        while j < len(doc.lines) and _OPTION.match(doc.lines[j]) and doc.indent(j) > indent:
            doc.lines[j] = blank(doc.lines[j])
            j += 1
        return j
    label = _NOTE_LABEL.match(line, rest)
    if label and not directive:  # a footnote or citation: its text is prose
        doc.lines[i] = blank(line[: label.end()]) + line[label.end() :]
        return i + 1
    end = doc.block_end(i, indent)  # any other directive, a target, a comment
    blank_lines(doc.lines, i, end)
    return end


def _simple_table_end(doc: _Lines, i: int) -> int:
    """From a simple table's top border: past the border that is followed by a blank line."""
    j = i + 1
    while j < len(doc.lines):
        if _SIMPLE_BORDER.fullmatch(doc.lines[j]) and (
            j + 1 == len(doc.lines) or doc.is_blank(j + 1)
        ):
            return j + 1
        j += 1
    return j


def _literal_block(doc: _Lines, i: int, indent: int) -> int:
    """After a paragraph ending in ``::`` (line ``i - 1``): blank the literal block, indented
    deeper than the paragraph or quoted (each line starting with one punctuation mark)."""
    j = i
    while j < len(doc.lines) and doc.is_blank(j):
        j += 1
    if j == len(doc.lines):
        return j
    if doc.indent(j) > indent:
        end = doc.block_end(j, indent)
    else:
        quote = doc.lines[j][indent : indent + 1]
        if not quote or quote.isalnum() or quote.isspace():
            return j
        end = j
        while end < len(doc.lines) and doc.lines[end][indent : indent + 1] == quote:
            end += 1
    blank_lines(doc.lines, j, end)
    return end


def _literal_marker(line: str) -> str:
    """The line with its ``::`` blanked: wholly when it stands alone or after a space,
    else one colon (``Figures::`` reads "Figures:")."""
    stripped = line.rstrip()
    if stripped.strip() == "::" or stripped.endswith(" ::"):
        return stripped[:-2] + "  " + line[len(stripped) :]
    return stripped[:-1] + " " + line[len(stripped) :]


def _field(doc: _Lines, i: int, m: re.Match[str]) -> None:
    """A field list line: a date field of the document's own is read and blanked whole;
    otherwise only the ``:name:`` marker goes."""
    line = doc.lines[i]
    name = m.group(2).strip().lower().replace("-", "_")
    if not doc.seen_prose and name in DATE_FIELDS:
        if doc.published is None or name == "published_at":
            doc.published = line[m.end() :].strip()
        doc.lines[i] = blank(line)
    else:
        doc.lines[i] = blank(line[: m.end()]) + line[m.end() :]


def _blocks(doc: _Lines) -> None:
    lines = doc.lines
    para_indent = 0
    in_list = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        starts_paragraph = i == 0 or doc.is_blank(i - 1)
        explicit = _EXPLICIT.match(line)
        if explicit:
            i = _explicit(doc, i, explicit)
            continue
        if _GRID_BORDER.fullmatch(line):
            end = i + 1
            while end < len(lines) and lines[end].lstrip()[:1] in ("+", "|"):
                end += 1
            blank_lines(lines, i, end)
            i = end
            continue
        if _SIMPLE_BORDER.fullmatch(line):
            end = _simple_table_end(doc, i)
            blank_lines(lines, i, end)
            i = end
            continue
        if _ADORNMENT.fullmatch(line):  # a title's underline or overline, or a transition
            lines[i] = blank(line)
            i += 1
            continue
        if starts_paragraph:
            para_indent = doc.indent(i)
            if line.lstrip().startswith(">>> "):  # a doctest block, up to the blank line
                end = i
                while end < len(lines) and not doc.is_blank(end):
                    end += 1
                blank_lines(lines, i, end)
                i = end
                continue
        marker = _LIST_MARKER.match(line)
        # A list starts a paragraph and its items follow each other: "2025." wrapped to the
        # start of a line inside a sentence is not a list item.
        if marker and (starts_paragraph or in_list):
            lines[i] = blank(line[: marker.end()]) + line[marker.end() :]
            in_list = True
        elif starts_paragraph:
            in_list = False
        field = _FIELD.match(line)
        if field:
            _field(doc, i, field)
        elif not _is_title(doc, i):
            doc.seen_prose = True
        if lines[i].rstrip().endswith("::") and (i + 1 == len(lines) or doc.is_blank(i + 1)):
            lines[i] = _literal_marker(lines[i])
            i = _literal_block(doc, i + 1, para_indent)
            continue
        i += 1


def _is_title(doc: _Lines, i: int) -> bool:
    return i + 1 < len(doc.lines) and bool(_ADORNMENT.fullmatch(doc.lines[i + 1]))


def _interpreted(text: str, paragraphs: Paragraphs) -> Spans:
    """Roles, interpreted text and links in single backquotes: only the visible words stay."""
    spans: Spans = []
    for open_, close in pairs(text, "`", paragraphs):
        role = _ROLE_BEFORE.search(text, max(0, open_ - 40), open_)
        after = _ROLE_AFTER.match(text, close + 1)
        start = role.start() if role else open_
        end = after.end() if after else close + 1
        roles = [role.group(1)] if role else []
        if after and after.group(0).startswith(":"):
            roles.append(after.group(0).strip(":"))
        if any(name.lower().rpartition(":")[2] in CODE_ROLES for name in roles):
            spans.append((start, end))
            continue
        target = _TARGET.search(text, open_ + 1, close)
        words_end = target.start() if target else close
        spans += [(start, open_ + 1), (words_end, end)]
    return spans


def _inline(text: str) -> str:
    paragraphs = Paragraphs(text)
    literals = list(pairs(text, "``", paragraphs))
    text = blank_spans(text, [(a, b + 2) for a, b in literals])
    text = blank_spans(text, _interpreted(text, paragraphs))
    text = _NOTE_REF.sub(blank_match, text)
    text = _LINE_BLOCK.sub(blank_match, text)
    text = _SUBSTITUTION.sub(lambda m: _keep_inside(m.group(0)), text)
    text = _EMPHASIS.sub(blank_match, text)
    return _REFERENCE_NAME.sub(blank_match, text)


def _keep_inside(reference: str) -> str:
    """``|name|_`` shows as "name": blank the bars and the underscores."""
    inner = reference.rstrip("_")
    return " " + inner[1:-1] + " " * (len(reference) - len(inner) + 1)


def to_prose(text: str) -> tuple[str, str | None]:
    """The draft's prose, same length and line breaks as ``text``, and its stated date."""
    doc = _Lines(text.split("\n"))
    _blocks(doc)
    return _inline("\n".join(doc.lines)), doc.published


@reader
def load(raw: bytes, label: str) -> Extracted:
    text, published = to_prose(decode_text(raw, label))
    return Extracted(text=text, published=published or None)
