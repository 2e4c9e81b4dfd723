"""Markdown: markup is overwritten with spaces, so every offset stays on its own line and column.

Blanking instead of stripping means the engine's text needs no source map at all, and a finding
points at the very column of the ``.md`` file. Only the prose is kept: headings' ``#``,
emphasis marks, list and quote markers, link targets, images, code and HTML comments go.
A leading ``---`` front matter block is read for ``published_at`` / ``date`` and blanked.

Every pass is linear in the length of the text, whatever the text: a pattern whose inner span
could be rescanned from many openers (``[a[a[a…``) is either written so that the regex engine
cannot backtrack into it (possessive quantifiers) or replaced by a small scanner that remembers
where an unclosed stretch ends.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from factcheck.errors import InputError
from factcheck.ingest.base import Extracted, decode_text, reader
from factcheck.ingest.lightmarkup import Spans, blank, blank_match, decode_entities

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Real front matter is a few lines; YAML is read at well under 1 MB/s, so a cap keeps it quick.
_FRONT_MATTER_MAX = 64 * 1024
_FRONT_MATTER_DEPTH = 20
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)

# Whole lines that carry no prose. Each alternative reads a line one way only (possessive
# quantifiers, no two runs of blanks side by side), so a long line of blanks is not tried
# in every split.
_RULE_LINE = re.compile(
    # setext underline, thematic break
    r"^ {0,3}(?:=++|-++|\*[ \t]*+\*[ \t]*+\*[* \t]*+|_[ \t]*+_[ \t]*+_[_ \t]*+)[ \t]*+$"
    # table delimiter row
    r"|^[ \t]*+(?:\|[ \t]*+)?:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+(?:\|[ \t]*+)?$"
    r"|^ {0,3}\[[^\]\n]++\]:[ \t]*+\S.*$",  # link reference definition
    re.MULTILINE,
)
# Markers at the start of a line: block quotes, then a list item, then a heading.
_LINE_PREFIX = re.compile(
    r"^(?:[ \t]*>[ \t]?)*(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?: {0,3}#{1,6}(?=[ \t]|$))?",
    re.MULTILINE,
)
_HEADING_CLOSE = re.compile(r"(?<=\S)[ \t]+#+[ \t]*$", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")
# An autolink's address stops at the first blank or '>': every '<http' inside a stretch that
# is not closed by '>' fails at the same place, so the whole stretch is consumed (possessive)
# and left as it is; only a match that reaches '>' is blanked.
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>\s]++(>)?")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = re.compile(r"(?<![\w*_~])(?:[*_]{1,3}|~~)(?=\S)|(?<=\S)(?:[*_]{1,3}|~~)(?![\w*_~])")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HIDDEN = 0xE000  # private-use block: escaped ASCII punctuation hides at _HIDDEN + its code
# A whole word holding an escape: anchored at the word's start and lazy, so a long word with
# no escape in it is read once, not once for each of its characters.
_ESCAPED_WORD = re.compile(r"(?<!\S)\S*?\\[\ue000-\ue07f]\S*")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*$|^.*\|[ \t]*$", re.MULTILINE)


def _blank_spans(text: str, spans: Spans) -> str:
    """``text`` with the given (start, end) stretches blanked; spans are sorted and disjoint."""
    if not spans:
        return text
    parts = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(blank(text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


class _NextOf:
    """The position of the next of some characters (or the text's end), for forward scans.

    It remembers its last answer: when a new start lies between the last start and the stop
    found from it, no stop character lies in between, so the answer stands. Many openers
    sharing one unclosed stretch (``[a[a[a…``) then cost one scan, not one each.
    """

    def __init__(self, text: str, chars: str) -> None:
        self._text = text
        self._stop = re.compile(f"[{re.escape(chars)}]")
        self._start = 0
        self._found = -1

    def __call__(self, pos: int) -> int:
        if not self._start <= pos <= self._found:
            m = self._stop.search(self._text, pos)
            self._start, self._found = pos, m.start() if m else len(self._text)
        return self._found


def _image_spans(text: str) -> Spans:
    """Where ``![alt](target)`` stands, alt and target each within one line."""
    close_alt, close_target = _NextOf(text, "]\n"), _NextOf(text, ")\n")
    spans: Spans = []
    pos = 0
    while (start := text.find("![", pos)) >= 0:
        bracket = close_alt(start + 2)
        if text.startswith("](", bracket):
            paren = close_target(bracket + 2)
            if text.startswith(")", paren):
                spans.append((start, paren + 1))
                pos = paren + 1
            else:  # no ')' left on the line: every later '![' on it fails the same way
                pos = paren
        else:  # every '![' before the bracket would stop at it too
            pos = max(bracket, start + 1)
    return spans


def _link_spans(text: str) -> Spans:
    """The syntax of ``[text](target)`` and ``[text][ref]``: the ``[`` and from ``]`` on.

    Returns the two stretches to blank for each link; the link text in between stays.
    """
    close_text, close_target = _NextOf(text, "]\n"), _NextOf(text, ")\n")
    spans: Spans = []
    pos = 0
    while (start := text.find("[", pos)) >= 0:
        bracket = close_text(start + 1)
        end = -1
        if bracket > start + 1 and text.startswith("](", bracket):
            paren = close_target(bracket + 2)
            end = paren + 1 if text.startswith(")", paren) else -1
        elif bracket > start + 1 and text.startswith("][", bracket):
            ref = close_text(bracket + 2)
            end = ref + 1 if text.startswith("]", ref) else -1
        if end > 0:
            spans += [(start, start + 1), (bracket, end)]
            pos = end
        else:  # a '[' before the bracket has the same text end, and fails the same way
            pos = max(bracket, start + 1)
    return spans


def _code_spans(text: str) -> Spans:
    """Inline code: a run of backticks up to the next run of the same length on its line.

    An opener may start inside a longer run (its tail): for a run of length n the openers of
    length n, n-1, …, 1 are tried in turn, each looking up the next run of that length.
    """
    spans: Spans = []
    for runs in _backtick_runs_by_line(text):
        by_length: dict[int, list[int]] = {}
        for i, (_, length) in enumerate(runs):
            by_length.setdefault(length, []).append(i)
        i = 0
        while i < len(runs):
            found = _closing_run(runs, by_length, i)
            if found is None:
                i += 1
                continue
            tail, closer = found
            spans.append((runs[i][0] + tail, runs[closer][0] + runs[closer][1]))
            i = closer + 1
    return spans


def _closing_run(
    runs: list[tuple[int, int]], by_length: dict[int, list[int]], i: int
) -> tuple[int, int] | None:
    """The first opener inside run ``i`` that closes: (backticks skipped, closing run)."""
    length = runs[i][1]
    for tail in range(length):
        later = by_length.get(length - tail, [])
        k = bisect_right(later, i)
        if k < len(later):
            return tail, later[k]
    return None


def _backtick_runs_by_line(text: str) -> Iterator[list[tuple[int, int]]]:
    """(start, length) of each run of backticks, grouped by line."""
    line: list[tuple[int, int]] = []
    last_end = 0
    for m in _BACKTICKS.finditer(text):
        if line and text.find("\n", last_end, m.start()) >= 0:
            yield line
            line = []
        line.append((m.start(), m.end() - m.start()))
        last_end = m.end()
    if line:
        yield line


def _unescape(m: re.Match[str]) -> str:
    word = m.group(0)
    plain = re.sub(r"\\([\ue000-\ue07f])", lambda e: chr(ord(e.group(1)) - _HIDDEN), word)
    return plain.ljust(len(word))


def _autolink(m: re.Match[str]) -> str:
    return blank(m.group(0)) if m.group(1) else m.group(0)


def _front_matter(text: str, label: str) -> tuple[str, str | date | datetime | None]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return text, None
    meta = _read_yaml(m.group(1) or "", label)
    published = None
    if isinstance(meta, dict):
        for key in ("published_at", "date"):
            value = meta.get(key)
            if isinstance(value, str | date):
                published = value
                break
    return blank(m.group(0)) + text[m.end() :], published


def _read_yaml(source: str, label: str) -> Any:
    """The front matter's data; anything YAML or its values reject is a one-line InputError."""
    if len(source) > _FRONT_MATTER_MAX:
        raise InputError(
            f"{label}: front matter is {len(source) // 1024} KiB long "
            f"(limit {_FRONT_MATTER_MAX // 1024} KiB)"
        )
    import yaml  # only documents with front matter pay for it

    try:
        return yaml.load(source, Loader=_loader_class())  # a SafeLoader (see below)
    except InputError as exc:
        raise InputError(f"{label}: front matter {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(f"{label}: front matter is not valid YAML{where}") from None
    except (ValueError, OverflowError) as exc:  # a date like 2025-13-45
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:80]
        raise InputError(f"{label}: front matter has an impossible value ({reason})") from None
    except Exception as exc:  # whatever else the YAML library trips on is still the file's fault
        raise InputError(f"{label}: cannot read the front matter ({type(exc).__name__})") from None


_LOADER: type[Any] | None = None


def _loader_class() -> type[Any]:
    """A SafeLoader that refuses aliases (merge-key bombs grow exponentially) and deep nesting
    (the composer recurses once per level)."""
    global _LOADER
    if _LOADER is None:
        import yaml

        class FrontMatterLoader(yaml.SafeLoader):
            depth = 0

            def compose_node(self, parent: Any, index: Any) -> Any:
                if self.check_event(yaml.AliasEvent):
                    raise InputError("uses a YAML alias (*name); write the value out instead")
                self.depth += 1
                try:
                    if self.depth > _FRONT_MATTER_DEPTH:
                        raise InputError(f"is nested more than {_FRONT_MATTER_DEPTH} levels deep")
                    return super().compose_node(parent, index)
                finally:
                    self.depth -= 1

        _LOADER = FrontMatterLoader
    return _LOADER


def _blank_fences(text: str) -> str:
    lines = text.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        if fence is None:
            m = _FENCE_OPEN.match(line)
            if m:
                fence = m.group(1)
                lines[i] = blank(line)
        else:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            lines[i] = blank(line)
    return "\n".join(lines)


def _pass(text: str, spans: Callable[[str], Spans]) -> str:
    return _blank_spans(text, spans(text))


def to_prose(text: str, label: str = "markdown") -> tuple[str, str | date | datetime | None]:
    """The Markdown's prose, same length and line breaks as ``text``, and its stated date."""
    text, published = _front_matter(text, label)
    text = _blank_fences(text)
    text = _COMMENT.sub(blank_match, text)
    text = _pass(text, _code_spans)
    # An escaped character is prose (\* is a literal star): hide it from the markup passes as
    # a private-use character, then drop the backslash and close the gap at the word's end.
    text = _ESCAPE.sub(lambda m: "\\" + chr(_HIDDEN + ord(m.group(1))), text)
    text = _RULE_LINE.sub(blank_match, text)
    text = _LINE_PREFIX.sub(blank_match, text)
    text = _HEADING_CLOSE.sub(blank_match, text)
    text = _pass(text, _image_spans)
    text = _pass(text, _link_spans)
    text = _AUTOLINK.sub(_autolink, text)
    text = _TAG.sub(blank_match, text)
    text = _EMPHASIS.sub(blank_match, text)
    text = decode_entities(text)
    text = _TABLE_ROW.sub(lambda m: m.group(0).replace("|", " "), text)
    if "\\" in text:
        text = _ESCAPED_WORD.sub(_unescape, text)
        text = re.sub(r"[\ue000-\ue07f]", lambda m: chr(ord(m.group(0)) - _HIDDEN), text)
    return text, published


@reader
def load(raw: bytes, label: str) -> Extracted:
    text, published = to_prose(decode_text(raw, label), label)
    return Extracted(text=text, published=published)
