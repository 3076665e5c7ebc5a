#!/bin/sh
# Development entry point on a fresh checkout:
#
#   ./dev.sh run  [dev-server options]   set up .venv, serve the API on demo data
#   ./dev.sh test [pytest options]       set up .venv, run the test suite
#
# Set-up: .venv from python3.12 (else python3 >= 3.11), then requirements-dev.txt and
# the package itself (editable); repeated only when those files change.
# Database: `run` uses MYSQL_HOST if set, else a private MariaDB in data/mariadb/.
# `test` uses the server on TEST_MYSQL_HOST:TEST_MYSQL_PORT (127.0.0.1:3306, user
# root, no password) when it answers, else the private MariaDB in data/mariadb/.
set -eu
cd "$(dirname "$0")"

usage() {
    echo "usage: ./dev.sh run [dev-server options] | ./dev.sh test [pytest options]" >&2
    exit 2
}

find_python() {
    for candidate in python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Python >= 3.11 is needed (e.g. apt-get install python3 python3-venv)" >&2
    exit 1
}

setup() {
    if [ ! -x .venv/bin/python ]; then
        python=$(find_python)
        echo "creating .venv with $python" >&2
        "$python" -m venv .venv
    fi
    stamp=$(cat requirements.txt requirements-dev.txt pyproject.toml | cksum)
    if [ "$(cat .venv/.dev-sh-installed 2>/dev/null || true)" != "$stamp" ]; then
        .venv/bin/python -m pip install --quiet -r requirements-dev.txt
        .venv/bin/python -m pip install --quiet --no-deps -e .
        echo "$stamp" >.venv/.dev-sh-installed
    fi
}

mysql_answers() {
    .venv/bin/python - "${TEST_MYSQL_HOST:-127.0.0.1}" "${TEST_MYSQL_PORT:-3306}" <<'EOF'
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2).close()
except OSError:
    sys.exit(1)
EOF
}

[ $# -ge 1 ] || usage
command=$1
shift
case "$command" in
run)
    setup
    exec .venv/bin/boxtribute dev-server "$@"
    ;;
test)
    setup
    if mysql_answers; then
        exec .venv/bin/pytest "$@"
    fi
    echo "no MySQL server on ${TEST_MYSQL_HOST:-127.0.0.1}:${TEST_MYSQL_PORT:-3306}:" \
        "testing against the private MariaDB in data/mariadb/" >&2
    exec .venv/bin/boxtribute with-private-mariadb .venv/bin/pytest "$@"
    ;;
*)
    usage
    ;;
esac
