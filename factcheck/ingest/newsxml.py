"""The XML newsroom formats (NITF, NewsML-G2): a hardened expat parse and the text it keeps.

Security: the standard library's expat, with every door an XML file could open shut. A DOCTYPE
may name an external DTD (old NITF files always do) but it is never fetched or read, and a
DOCTYPE with an internal subset, which is where entity declarations live, is refused in one
line: so no entity expansion (billion laughs, quadratic blowup), no external entity, no
network. Expat itself is iterative, so deep nesting cannot exhaust the stack; it is still
refused beyond ``MAX_DEPTH`` as no story nests that deep. The parse is one forward pass.

Positions: expat reports the byte offset of every run of character data, and a run is either
copied from the file as it stands or one decoded reference (``&amp;``, ``&#233;``). Each word
of the kept text is anchored to its line and column in the file (``Document.source_map``);
a decoded reference is anchored at its ``&``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from factcheck.errors import InputError
from factcheck.ingest.base import Extracted, SourceMap, decode_text

NEWSML_NS = "http://iptc.org/std/nar/2006-10-01/"
MAX_DEPTH = 500  # real stories nest a few dozen levels at most
_CHUNK = 1 << 20  # characters fed to expat at a time

# Elements that end a paragraph, in either format or the XHTML a NewsML-G2 item carries.
# Anything else (em, person, location, a, span, …) flows inside the paragraph around it.
BLOCKS = frozenset(
    {"p", "hl1", "hl2", "hedline", "byline", "dateline", "abstract", "block", "bq", "li",
     "ul", "ol", "dl", "dt", "dd", "div", "section", "article", "header", "h1", "h2", "h3",
     "h4", "h5", "h6", "blockquote", "body", "body.content", "headline", "by", "creditline",
     "description", "inlineXML", "inlineData", "hr", "tagline", "fn", "figcaption"}
)  # fmt: skip
# Never read, wherever they stand: code, tables, editors' notes, media and page furniture.
SKIPPED = frozenset(
    {"table", "nitf-table", "pre", "code", "script", "style", "note", "media", "head",
     "figure", "img", "object", "iframe", "math", "svg", "nav", "aside", "footer", "form"}
)  # fmt: skip

_DECLARATION = re.compile(rb"\A<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']")
_SINGLE_BYTE = {
    "iso-8859-1": "latin-1", "latin-1": "latin-1", "latin1": "latin-1", "l1": "latin-1",
    "iso-8859-15": "iso-8859-15", "windows-1252": "cp1252", "cp1252": "cp1252",
    "us-ascii": "ascii", "ascii": "ascii",
}  # fmt: skip
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True)
class Profile:
    """What one format keeps: where its text is and where its dates are.

    ``text`` holds (parent, element) pairs whose whole content is read; of the elements in
    ``first_only`` only the first met is read (alternative renditions of one body). ``dates``
    are (parent, element, attribute) in order of preference; attribute None is the text.
    """

    name: str
    text: frozenset[tuple[str, str]]
    dates: tuple[tuple[str, str, str | None], ...]
    first_only: frozenset[str] = frozenset()
    single: str | None = None  # an element that may occur only once (one story per file)


# -- decoding and the parser --------------------------------------------------------------------


def decode_xml(raw: bytes, label: str) -> str:
    """The file as text: UTF-8 (the usual), or the single-byte encoding its declaration names.

    expat is then given text, so it reads UTF-8 whatever the declaration says."""
    declared = _DECLARATION.match(raw)
    name = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    if name in ("utf-8", "utf8"):
        return decode_text(raw, label)
    if name not in _SINGLE_BYTE:
        raise InputError(f"{label}: declares encoding {name!r}; save it as UTF-8")
    if b"\x00" in raw:
        raise InputError(f"{label}: looks like a binary file (it contains NUL bytes)")
    try:
        text = raw.decode(_SINGLE_BYTE[name])
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: byte 0x{raw[exc.start]:02X} is not {name}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_subset(label: str) -> InputError:
    return InputError(
        f"{label}: refused: the XML declares its own DTD entities (a news file never needs "
        "them; they are how entity bombs and external entities get in)"
    )


def new_parser(label: str) -> expat.XMLParserType:
    """An expat parser that reads no DTD, declares no entity and fetches nothing."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(name: str, system: str | None, public: str | None, subset: int) -> None:
        if subset:  # an internal subset is the only place an entity can be declared
            raise _refuse_subset(label)

    def refuse(*_: object) -> int:
        raise _refuse_subset(label)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    return parser


def parse(parser: expat.XMLParserType, text: str, label: str) -> None:
    """Feed ``text`` to the parser; a malformed file is one line naming where it breaks."""
    try:
        for start in range(0, len(text), _CHUNK):
            parser.Parse(text[start : start + _CHUNK], False)
        parser.Parse("", True)
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code)
        raise InputError(
            f"{label}: not well-formed XML: {reason} (line {exc.lineno}, column {exc.offset + 1})"
        ) from None


# -- which format a .xml file is ----------------------------------------------------------------


class _Root(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def root_format(text: str, label: str) -> str:
    """``nitf`` or ``newsml``, from the root element of an XML file (the one place .xml is
    sniffed); anything else is an InputError."""
    parser = new_parser(label)

    def start(name: str, attrs: object) -> None:
        raise _Root(name)

    parser.StartElementHandler = start
    try:
        parse(parser, text, label)
    except _Root as root:
        namespace, _, local = root.name.rpartition(" ")
        if local == "nitf":
            return "nitf"
        if namespace == NEWSML_NS and local in ("newsItem", "newsMessage"):
            return "newsml"
        shown = local if len(local) <= 40 else local[:37] + "..."
        raise InputError(
            f"{label}: root element <{shown}> is neither NITF (<nitf>) nor a NewsML-G2 "
            "news item (<newsItem>)"
        ) from None
    raise InputError(f"{label}: not well-formed XML: no root element")


# -- positions ----------------------------------------------------------------------------------


class _Positions:
    """Character offset, line and column of expat's byte offsets, which only move forward."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._utf8 = None if text.isascii() else text.encode("utf-8")
        self._byte = self._char = 0
        self._counted, self._line, self._line_start = 0, 1, 0  # newlines counted up to _counted

    def offset(self, byte: int) -> int:
        if self._utf8 is None:
            return byte
        if byte < self._byte:  # not expected: count again from the start
            self._byte = self._char = 0
        self._char += len(self._utf8[self._byte : byte].decode("utf-8", "replace"))
        self._byte = byte
        return self._char

    def line_column(self, offset: int) -> tuple[int, int]:
        if offset < self._counted:  # not expected: count again from the start
            self._counted, self._line, self._line_start = 0, 1, 0
        newlines = self._text.count("\n", self._counted, offset)
        if newlines:
            self._line += newlines
            self._line_start = self._text.rfind("\n", self._counted, offset) + 1
        self._counted = offset
        return self._line, offset - self._line_start + 1


@dataclass
class _Builder:
    """The kept text, one space between words and a blank line between paragraphs, with an
    anchor wherever the next word's place in the file does not follow from the text."""

    positions: _Positions
    parts: list[str] = field(default_factory=list)
    source_map: SourceMap = field(default_factory=list)
    _length: int = 0
    _line: int = 1
    _column: int = 1
    _gap: str = ""  # what goes before the next word: "", " " or "\n\n"

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self._length += len(s)
        newline = s.rfind("\n")
        if newline >= 0:
            self._line += s.count("\n")
            self._column = len(s) - newline
        else:
            self._column += len(s)

    def word(self, word: str, offset: int) -> None:
        if self.parts and self._gap:
            self._emit(self._gap)
        self._gap = ""
        where = self.positions.line_column(offset)
        if where != (self._line, self._column) or not self.source_map:
            self.source_map.append((self._length, *where))
            self._line, self._column = where
        self._emit(word)

    def space(self) -> None:
        if not self._gap:
            self._gap = " "

    def paragraph(self) -> None:
        self._gap = "\n\n"

    def text(self) -> str:
        return "".join(self.parts)


# -- the walk -----------------------------------------------------------------------------------


class Walker:
    """Reads one file of a profile: the kept text with its anchors, and the preferred date."""

    def __init__(self, profile: Profile, source: str, label: str) -> None:
        self.profile = profile
        self.source = source
        self.label = label
        self.parser = new_parser(label)
        self.positions = _Positions(source)
        self.out = _Builder(self.positions)
        self._stack: list[str] = []  # local names of the open elements
        self._keep_depth = 0  # depth of the kept element we are in, 0 outside
        self._skip_depth = 0  # depth of the skipped element we are in, 0 outside
        self._read_once: set[str] = set()
        self._singles = 0
        self._dates: dict[int, str] = {}  # preference rank → value
        self._date_text: tuple[int, int, list[str]] | None = None  # depth, rank, parts
        parser = self.parser
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.SkippedEntityHandler = self._skipped_entity

    def run(self) -> Extracted:
        parse(self.parser, self.source, self.label)
        dates = [self._dates[rank] for rank in sorted(self._dates)]
        return Extracted(
            text=self.out.text(),
            source_map=self.out.source_map,
            published=iso_date(dates[0]) if dates else None,
        )

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        parent = self._stack[-1] if self._stack else ""
        self._stack.append(local)
        depth = len(self._stack)
        if depth > MAX_DEPTH:
            raise InputError(
                f"{self.label}: refused: elements nested more than {MAX_DEPTH} deep "
                f"(line {self.parser.CurrentLineNumber})"
            )
        if local == self.profile.single:
            self._singles += 1
            if self._singles > 1:
                raise InputError(
                    f"{self.label}: holds more than one <{local}>; check each story on its own"
                )
        self._date_start(parent, local, attrs)
        if self._skip_depth:
            return
        if self._keep_depth and local in SKIPPED:
            self._skip_depth = depth
        elif not self._keep_depth and self._keeps(parent, local):
            self._keep_depth = depth
            self.out.paragraph()
        elif self._keep_depth and local in BLOCKS:
            self.out.paragraph()
        elif self._keep_depth and local == "br":
            self.out.space()

    def _keeps(self, parent: str, local: str) -> bool:
        if (parent, local) not in self.profile.text:
            return False
        if local in self.profile.first_only:
            if self._read_once & self.profile.first_only:
                return False
            self._read_once.add(local)
        return True

    def _end(self, name: str) -> None:
        depth = len(self._stack)
        local = self._stack.pop()
        if self._date_text is not None and depth == self._date_text[0]:
            _, rank, parts = self._date_text
            self._dates.setdefault(rank, "".join(parts))
            self._date_text = None
        if self._skip_depth == depth:
            self._skip_depth = 0
            self.out.space()  # what stood on either side does not run together
        elif self._keep_depth == depth:
            self._keep_depth = 0
            self.out.paragraph()
        elif self._keep_depth and not self._skip_depth and local in BLOCKS:
            self.out.paragraph()

    def _date_start(self, parent: str, local: str, attrs: dict[str, str]) -> None:
        for rank, (where, element, attribute) in enumerate(self.profile.dates):
            if (parent, local) != (where, element) or rank in self._dates:
                continue
            if attribute is None:  # the element's text, collected until it ends
                self._date_text = (len(self._stack), rank, [])
            elif attrs.get(attribute):
                self._dates[rank] = attrs[attribute]

    def _characters(self, data: str) -> None:
        if self._date_text is not None:
            self._date_text[2].append(data)
        if not self._keep_depth or self._skip_depth:
            return
        offset = self.positions.offset(self.parser.CurrentByteIndex)
        if self.source.startswith(data, offset):  # copied from the file as it stands
            self._words(data, offset)
        else:  # one decoded reference: it stands at its '&'
            self._reference(data, offset)

    def _words(self, data: str, offset: int) -> None:
        pos = 0
        for m in _WORDS.finditer(data):
            if m.start() > pos:
                self.out.space()
            self.out.word(m.group(0), offset + m.start())
            pos = m.end()
        if pos < len(data):
            self.out.space()

    def _reference(self, data: str, offset: int) -> None:
        if data.isspace() or not data:
            self.out.space()
        else:
            self.out.word(" ".join(data.split()), offset)

    def _skipped_entity(self, name: str, is_parameter: int) -> None:
        """A named entity of an external DTD that is not read (``&mdash;`` in old NITF): the
        HTML character of that name when there is one, else nothing."""
        if is_parameter or not self._keep_depth or self._skip_depth:
            return
        from html.entities import html5  # only files that use such entities pay for it

        char = html5.get(name + ";")
        if char:
            self._reference(char, self.positions.offset(self.parser.CurrentByteIndex))


_NITF_DATE = re.compile(
    r"(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{2}:?\d{2})?"
)  # fmt: skip


def iso_date(value: str) -> str:
    """A date as ``parse_published`` reads it: NITF's compact ``20251022T081500-0500``
    becomes ``2025-10-22T08:15:00-05:00``; an ISO value (NewsML-G2) stays as it is."""
    value = value.strip()
    m = _NITF_DATE.fullmatch(value)
    if m is None:
        return value
    year, month, day, hour, minute, second, zone = m.groups()
    if hour is None:
        return f"{year}-{month}-{day}"
    zone = "" if zone is None else zone if zone == "Z" or ":" in zone else zone[:3] + ":" + zone[3:]
    return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}{zone}"


def read(profile: Profile, raw: bytes, label: str) -> Extracted:
    """Read a file of ``profile``'s format; its root must be that format's."""
    source = decode_xml(raw, label)
    found = root_format(source, label)
    if found != profile.name:
        expected = "<nitf>" if profile.name == "nitf" else "a NewsML-G2 <newsItem>"
        raise InputError(f"{label}: the root element is not {expected}")
    extracted = Walker(profile, source, label).run()
    if not extracted.text.strip():
        raise InputError(f"{label}: no story text in it (headline, body)")
    return extracted
