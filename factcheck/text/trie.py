"""Regular expressions for word lists, built as a trie.

Python's ``re`` tries the branches of an alternation one by one at every position, so a list
of 60 phrases costs 60 attempts per character. Factoring the list into a trie
(``t(?:wo|hree|en)``) makes each attempt fail on its first differing character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Node = dict[str, "_Node"]


def trie_pattern(words: Iterable[str]) -> str:
    """A regex body matching exactly the given strings (longest first where they overlap)."""
    root: _Node = {}
    for word in {w for w in words if w}:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root) if root else r"(?!x)x"


def _emit(node: _Node) -> str:
    ends_here = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        tail = _emit(node[ch])
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + tail)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # Try the longer continuation first, then accept the word that ends here.
        return "(?:" + body + ")?"
    return body
