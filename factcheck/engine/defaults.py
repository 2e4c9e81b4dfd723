"""Defaults the command line shows in its help, kept free of imports so that building the
parser stays fast."""

from __future__ import annotations

DEFAULT_MAX_FINDINGS = 100  # findings shown per document; see CheckConfig.max_findings
