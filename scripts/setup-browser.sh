#!/usr/bin/env bash
# Install what the real-browser test needs: Debian's Chromium (driven through Playwright's Python
# client, which comes with the `dev` extra). Idempotent and quiet: does nothing when Chromium is
# already there. Playwright's own browser download is never used.
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" setup-browser chromium /usr/bin/chromium "the browser test"
