#!/usr/bin/env bash
# Install what the real-browser test needs: Debian's Chromium (driven through Playwright's Python
# client, which comes with the `dev` extra). Idempotent and quiet: does nothing when Chromium is
# already there. Playwright's own browser download is never used.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-browser: no apt-get here; install Chromium yourself (the browser test skips without it)" >&2
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
else
    SUDO=""
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "setup-browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
