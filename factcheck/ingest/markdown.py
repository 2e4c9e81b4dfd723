"""Markdown: markup is overwritten with spaces, so every offset stays on its own line and column.

Blanking instead of stripping means the engine's text needs no source map at all, and a finding
points at the very column of the ``.md`` file. Only the prose is kept: headings' ``#``,
emphasis marks, list and quote markers, link targets, images, code and HTML comments go.
A leading ``---`` front matter block is read for ``published_at`` / ``date`` and blanked.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from factcheck.errors import InputError
from factcheck.ingest.base import Extracted, decode_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)

# Whole lines that carry no prose.
_RULE_LINE = re.compile(
    r"^ {0,3}(?:=+|-+|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})[ \t]*$"  # setext underline, break
    r"|^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$"  # table delimiter row
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$",  # link reference definition
    re.MULTILINE,
)
# Markers at the start of a line: block quotes, then a list item, then a heading.
_LINE_PREFIX = re.compile(
    r"^(?:[ \t]*>[ \t]?)*(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?: {0,3}#{1,6}(?=[ \t]|$))?",
    re.MULTILINE,
)
_HEADING_CLOSE = re.compile(r"(?<=\S)[ \t]+#+[ \t]*$", re.MULTILINE)
_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"(\[)[^\]\n]+(\]\([^)\n]*\)|\]\[[^\]\n]*\])")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>\s]+>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = re.compile(r"(?<![\w*_~])(?:[*_]{1,3}|~~)(?=\S)|(?<=\S)(?:[*_]{1,3}|~~)(?![\w*_~])")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HIDDEN = 0xE000  # private-use block: escaped ASCII punctuation hides at _HIDDEN + its code
_ESCAPED_WORD = re.compile(r"\S*\\[\ue000-\ue07f]\S*")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*$|^.*\|[ \t]*$", re.MULTILINE)


def _blank(s: str) -> str:
    """Spaces for every character but newlines."""
    return re.sub(r"[^\n]", " ", s)


def _blank_match(m: re.Match[str]) -> str:
    return _blank(m.group(0))


def _blank_groups(m: re.Match[str]) -> str:
    """Blank the match's groups (the link syntax), keep the rest (the link text)."""
    out = m.group(0)
    base = m.start()
    for g in range(len(m.groups()), 0, -1):
        s, e = m.start(g) - base, m.end(g) - base
        out = out[:s] + _blank(out[s:e]) + out[e:]
    return out


def _unescape(m: re.Match[str]) -> str:
    word = m.group(0)
    plain = re.sub(r"\\([\ue000-\ue07f])", lambda e: chr(ord(e.group(1)) - _HIDDEN), word)
    return plain.ljust(len(word))


def _entity(m: re.Match[str]) -> str:
    decoded = html.unescape(m.group(0))
    if len(decoded) > len(m.group(0)):
        return m.group(0)
    return decoded.ljust(len(m.group(0)))


def _front_matter(text: str, label: str) -> tuple[str, str | date | datetime | None]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return text, None
    import yaml  # only documents with front matter pay for it

    try:
        meta = yaml.safe_load(m.group(1) or "")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(f"{label}: front matter is not valid YAML{where}") from None
    published = None
    if isinstance(meta, dict):
        for key in ("published_at", "date"):
            value = meta.get(key)
            if isinstance(value, str | date):
                published = value
                break
    return _blank(m.group(0)) + text[m.end() :], published


def _blank_fences(text: str) -> str:
    lines = text.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        if fence is None:
            m = _FENCE_OPEN.match(line)
            if m:
                fence = m.group(1)
                lines[i] = _blank(line)
        else:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            lines[i] = _blank(line)
    return "\n".join(lines)


def to_prose(text: str, label: str = "markdown") -> tuple[str, str | date | datetime | None]:
    """The Markdown's prose, same length and line breaks as ``text``, and its stated date."""
    text, published = _front_matter(text, label)
    text = _blank_fences(text)
    text = _COMMENT.sub(_blank_match, text)
    text = _INLINE_CODE.sub(_blank_match, text)
    # An escaped character is prose (\* is a literal star): hide it from the markup passes as
    # a private-use character, then drop the backslash and close the gap at the word's end.
    text = _ESCAPE.sub(lambda m: "\\" + chr(_HIDDEN + ord(m.group(1))), text)
    text = _RULE_LINE.sub(_blank_match, text)
    text = _LINE_PREFIX.sub(_blank_match, text)
    text = _HEADING_CLOSE.sub(_blank_match, text)
    text = _IMAGE.sub(_blank_match, text)
    text = _LINK.sub(_blank_groups, text)
    text = _AUTOLINK.sub(_blank_match, text)
    text = _TAG.sub(_blank_match, text)
    text = _EMPHASIS.sub(_blank_match, text)
    text = _ENTITY.sub(_entity, text)
    text = _TABLE_ROW.sub(lambda m: m.group(0).replace("|", " "), text)
    if "\\" in text:
        text = _ESCAPED_WORD.sub(_unescape, text)
        text = re.sub(r"[\ue000-\ue07f]", lambda m: chr(ord(m.group(0)) - _HIDDEN), text)
    return text, published


def load(raw: bytes, label: str) -> Extracted:
    text, published = to_prose(decode_text(raw, label), label)
    return Extracted(text=text, published=published)
