#!/usr/bin/env bash
# The original back-end with every service of its development entry point: the web
# app's API (/graphql), the query API (/) and the public service for shared links
# (/public), which `original.sh serve` (the web app's entry point only) does not
# answer. The link cases (linkcases.py) send public steps to /public.
#
#   tests/compat/serve_original.sh DEST PORT DATABASE PUBLIC_KEY_PEM_FILE [gunicorn args...]
#
# DEST is the folder `original.sh install` filled; the environment is the one
# `original.sh serve` gives (MYSQL_* from the environment, the local Auth0 names).
set -euo pipefail
dest=$1; port=$2; db=$3; key=$4; shift 4
entry=$(mktemp -d)
trap 'rm -rf "$entry"' EXIT
cat > "$entry/all_services.py" <<'PY'
import original_app  # noqa: F401  (original.sh's shims, applied before the app loads)
from boxtribute_server.dev_main import app  # noqa: F401,E402
PY
export PYTHONPATH="$entry:$dest:$dest/back" MYSQL_DB="$db" PORT="$port"
export MYSQL_HOST=${MYSQL_HOST:-127.0.0.1} MYSQL_PORT=${MYSQL_PORT:-3306}
export MYSQL_USER=${MYSQL_USER:-root} MYSQL_PASSWORD=${MYSQL_PASSWORD:-}
export AUTH0_DOMAIN=${AUTH0_DOMAIN:-boxtribute-local.test}
export AUTH0_AUDIENCE=${AUTH0_AUDIENCE:-boxtribute-local-api}
export AUTH0_PUBLIC_KEY="$(cat "$key")" ENVIRONMENT=development
cd "$dest/back"
"$dest/venv/bin/python" -m gunicorn -c gunicorn.conf.py -b "127.0.0.1:$port" "$@" all_services:app
