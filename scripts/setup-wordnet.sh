#!/usr/bin/env bash
# Install what the WordNet-table test needs: Debian's wordnet-base (WordNet 3.0's database
# files), which scripts/build_wordnet_tables.py reads to regenerate rules/lexicons/wordnet/.
# The checker itself never reads it. Idempotent and quiet: does nothing when it is there.
set -euo pipefail

if [ -f /usr/share/wordnet/index.noun ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-wordnet: no apt-get here; install WordNet 3.0 yourself (the table test skips without it)" >&2
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
else
    SUDO=""
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends wordnet-base >/dev/null
echo "setup-wordnet: installed wordnet-base"
