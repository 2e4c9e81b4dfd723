#!/usr/bin/env bash
# Install factcheck with its test tools into .venv and run every check CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[dev,api,dates,docx,lsp,ledger,archive]'
bash scripts/setup-browser.sh  # Debian's chromium for the web page test, when missing
bash scripts/setup-wordnet.sh  # Debian's WordNet 3.0 for the table regeneration test, when missing
bash scripts/setup-neovim.sh  # Debian's Neovim for the editor test of factcheck lsp, when missing
bash scripts/setup-postgres.sh  # Debian's PostgreSQL for the ledger tests, when missing
.venv/bin/ruff check factcheck tests benchmarks scripts
.venv/bin/ruff format --check factcheck tests benchmarks scripts
.venv/bin/mypy
.venv/bin/pytest
