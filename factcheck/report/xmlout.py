"""What the XML formats (JUnit, Checkstyle) share: text XML can hold, and the document itself.

XML 1.0 cannot carry most control characters, not even escaped, and a draft may contain them
(a pasted form feed, a stray NUL): they become U+FFFD so that the report still parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def element(tag: str, parent: ET.Element | None = None, **attrs: str | int) -> ET.Element:
    """An element with its attributes made XML-safe (ElementTree escapes, but does not drop
    forbidden characters)."""
    clean = {key: xml_text(str(value)) for key, value in attrs.items()}
    return ET.Element(tag, clean) if parent is None else ET.SubElement(parent, tag, clean)


def serialise(root: ET.Element) -> str:
    """The document with a declaration, indented, ending in a newline."""
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
