#!/usr/bin/env bash
# Install what the headless Neovim test of `factcheck lsp` needs: Debian's Neovim, whose built-in
# LSP client the test drives (0.7 in bookworm: vim.lsp.start_client; vim.lsp.start from 0.8).
# Idempotent and quiet: does nothing when nvim is already on PATH.
set -euo pipefail
if command -v nvim >/dev/null 2>&1; then
    exit 0
fi
exec bash "$(dirname "$0")/apt-install.sh" setup-neovim neovim /usr/bin/nvim "the Neovim LSP test"
