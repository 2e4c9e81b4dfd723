#!/usr/bin/env bash
# Install what the ledger's PostgreSQL tests need: Debian's PostgreSQL server (initdb, pg_ctl),
# from which tests/conftest_ledger.py starts a throwaway cluster in a temporary folder. No
# cluster is created or started here, and none runs outside the tests. Idempotent and quiet:
# does nothing when a server's initdb is already there.
set -euo pipefail
here=$(dirname "$0")
for initdb in /usr/lib/postgresql/*/bin/initdb; do
    if [ -x "$initdb" ]; then
        exit 0
    fi
done
# The glob matched nothing: name a path that does not exist, so that the package is installed.
exec bash "$here/apt-install.sh" setup-postgres postgresql /usr/lib/postgresql/bin/initdb \
    "the PostgreSQL half of the ledger tests"
