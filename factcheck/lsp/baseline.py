"""Adding one finding to the project's baseline file, in the shape ``factcheck baseline``
writes (see factcheck.suppress), so that the CLI's ``--baseline`` reads it back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from factcheck.errors import ConfigError
from factcheck.fileio import write_atomic
from factcheck.model import Finding
from factcheck.suppress import BASELINE_VERSION, load_baseline


def _entries(path: Path) -> list[dict[str, Any]]:
    """The entries already in the file; none when there is no file yet. A file that is not
    a baseline is a ConfigError: it is never overwritten."""
    if not path.exists():
        return []
    load_baseline(path)  # raises on anything that is not a factcheck baseline
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data["findings"])


def add_to_baseline(path: Path, finding: Finding, where: str) -> bool:
    """Acknowledge ``finding`` in the baseline at ``path`` (``where`` is ``file:line:col``).
    False when it was there already."""
    entries = _entries(path)
    if any(e.get("fingerprint") == finding.fingerprint for e in entries):
        return False
    entries.append(
        {
            "fingerprint": finding.fingerprint,
            "rule": finding.rule,
            "where": where,
            "message": finding.message,
        }
    )
    entries.sort(key=lambda e: (e.get("where", ""), e.get("rule", ""), e.get("fingerprint", "")))
    data = {"tool": "factcheck", "version": BASELINE_VERSION, "findings": entries}
    try:
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise ConfigError([f"{path}: cannot write the baseline: {exc.strerror or exc}"]) from None
    return True
