"""Run the probe texts of ``fixtures/probe/probes.yml`` and print what the checker says of each.

    .venv/bin/python scripts/probe.py [FILE]    # default: fixtures/probe/probes.yml

A near-miss (``expect: none``) passes when nothing reaches warning; a contradiction
(``expect: flag``) when something does. Findings below warning are shown too, as the
``--unsure`` report would. Exit code 0 whatever the result (this is a measure, not a test), 2
when the file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.model import CheckConfig, Document  # noqa: E402
from factcheck.pipeline import analyse  # noqa: E402

PROBES = ROOT / "fixtures" / "probe" / "probes.yml"


def documents_of(case: dict[str, Any]) -> list[Document]:
    if "text" in case:
        return [Document(id="text", text=case["text"])]
    return [
        Document(id="draft", text=case["draft"]),
        Document(id="source", text=case["source"], role="source"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description="Run probe texts and print what the checker says.")
    parser.add_argument("file", nargs="?", type=Path, default=PROBES, help="a probe file (YAML)")
    path = parser.parse_args().file
    try:
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        print(f"probe.py: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    passed = {"none": 0, "flag": 0}
    total = {"none": 0, "flag": 0}
    for case in cases:
        findings = analyse(documents_of(case), CheckConfig(unsure=True)).report.findings
        flagged = any(f.severity in ("error", "warning") for f in findings)
        expect = case["expect"]
        ok = flagged == (expect == "flag")
        total[expect] += 1
        passed[expect] += ok
        print(f"{'ok  ' if ok else 'MISS'} {case['id']}")
        for f in findings:
            print(f"       {f.rule} {f.severity}: {f.message[:110]}")
    print(
        f"near-misses silent: {passed['none']} of {total['none']}; "
        f"contradictions flagged: {passed['flag']} of {total['flag']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
