#!/usr/bin/env bash
# Install what the WordNet-table test needs: Debian's wordnet-base (WordNet 3.0's database
# files), which scripts/build_wordnet_tables.py reads to regenerate rules/lexicons/wordnet/.
# The checker itself never reads it. Idempotent and quiet: does nothing when it is there.
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" setup-wordnet wordnet-base /usr/share/wordnet/index.noun "the table test"
