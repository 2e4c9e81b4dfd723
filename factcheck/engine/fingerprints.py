"""Fingerprints: what identifies a finding across runs, for baselines and SARIF."""

from __future__ import annotations

import hashlib
import re

from factcheck.model import Finding

_SPACES = re.compile(r"\s+")


def digest(parts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def fingerprint(finding: Finding) -> str:
    """A hash of the rule and the normalised passages, not of their offsets, so it survives
    edits elsewhere in the file. A group of figures hashes all its passages: any figure added,
    removed or changed makes another fingerprint."""
    passages = sorted(
        f"{s.document_id}\x1e{_SPACES.sub(' ', s.text.strip().lower())}" for s in finding.spans
    )
    return digest([finding.rule, *passages])
