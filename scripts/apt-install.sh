#!/usr/bin/env bash
# Install one Debian package a test needs, unless PATH already exists: idempotent and quiet.
# Usage: scripts/apt-install.sh NAME PACKAGE PATH WHAT
#   NAME, the script asking (for its messages); PACKAGE, the Debian package; PATH, a file the
#   package provides; WHAT, the test that skips without it.
set -euo pipefail
name=$1 package=$2 provided=$3 what=$4

if [ -e "$provided" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "$name: no apt-get here; install $package yourself ($what skips without it)" >&2
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
else
    SUDO=""
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "$package" >/dev/null
echo "$name: installed $package"
