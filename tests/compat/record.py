"""Record the original back-end's answers into tests/compat/cases/.

    .venv/bin/python tests/compat/record.py --original http://127.0.0.1:5391 \\
        --private-key KEY.pem --database compat_rec_x [--operation NAME ...] [--reload-seed]

The original must serve --database (loaded from the dev seed) and trust the public
half of --private-key. Each case runs from the pristine seed: after it, every changed
row is put back and AUTO_INCREMENT values are reset (see dbstate.py). MYSQL_HOST,
MYSQL_PORT, MYSQL_USER and MYSQL_PASSWORD name the database server (default
127.0.0.1:3306, root, no password). See README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import jwt
import pymysql
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the compat package
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "back"))

from compat import casefile  # noqa: E402
from compat.dbstate import DatabaseState  # noqa: E402
from compat.generate import all_cases  # noqa: E402
from compat.operations import (  # noqa: E402
    PUBLIC_PATH,
    catalogue,
    document_hash,
    sendable_frontend_operations,
)
from compat.paths import CASES_DIR, reference_dir, seed_sql  # noqa: E402
from compat.runner import run_case, utcnow  # noqa: E402
from compat.seedfacts import SeedFacts  # noqa: E402
from compat.users import ANONYMOUS, USERS, claims_from_database  # noqa: E402

ORIGINAL = "boxwise/boxtribute@f2a90ed30922d6f1260e96ef5ffbb49b1e12c2d5"


def mysql_settings() -> dict:
    return dict(
        host=os.environ.get("MYSQL_HOST", "127.0.0.1"),
        port=int(os.environ.get("MYSQL_PORT", "3306")),
        user=os.environ.get("MYSQL_USER", "root"),
        password=os.environ.get("MYSQL_PASSWORD", ""),
    )


def reload_seed(database: str, mysql: dict) -> None:
    with pymysql.connect(**mysql, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
        cursor.execute(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4")
    command = ["mysql", f"-h{mysql['host']}", f"-P{mysql['port']}", f"-u{mysql['user']}"]
    if mysql["password"]:
        command.append(f"-p{mysql['password']}")
    with seed_sql().open("rb") as sql:
        subprocess.run([*command, database], stdin=sql, check=True)


def user_claims(database: str, mysql: dict) -> dict[str, dict]:
    from boxtribute_api.config import Settings

    settings = Settings.from_env(
        {
            "MYSQL_DB": database,
            "MYSQL_HOST": mysql["host"],
            "MYSQL_PORT": str(mysql["port"]),
            "MYSQL_USER": mysql["user"],
            "MYSQL_PASSWORD": mysql["password"],
            "AUTH0_DOMAIN": os.environ.get("AUTH0_DOMAIN", "boxtribute-local.test"),
            "AUTH0_AUDIENCE": os.environ.get("AUTH0_AUDIENCE", "boxtribute-local-api"),
            "ENVIRONMENT": "test",
        }
    )
    claims = {key: claims_from_database(settings, user) for key, user in USERS.items()}
    claims[ANONYMOUS] = None
    samples = sorted((reference_dir() / "expected-sample").glob("*__coordinator.json"))
    if samples:
        expected = json.loads(samples[0].read_text())["claims"]
        if claims["coordinator"] != expected:
            raise SystemExit(
                "the coordinator's claims differ from the expected samples' claims:\n"
                f"{json.dumps(claims['coordinator'], indent=1)}"
            )
    return claims


class Original:
    def __init__(self, url: str, private_key: str):
        self.url = url.rstrip("/") + "/graphql"
        self.public_url = url.rstrip("/") + PUBLIC_PATH
        self.private_key = private_key
        self.session = requests.Session()
        self.tokens: dict[str, tuple[float, str]] = {}

    def token(self, claims: dict) -> str:
        key = json.dumps(claims, sort_keys=True)
        now = time.time()
        cached = self.tokens.get(key)
        if cached and cached[0] > now + 60:
            return cached[1]
        payload = {**claims, "iat": int(now), "exp": int(now) + 3600}
        token = jwt.encode(payload, self.private_key, algorithm="RS256")
        self.tokens[key] = (now + 3600, token)
        return token

    def send(self, document: str, name: str, variables: dict, claims: dict | None):
        body = {"operationName": name, "query": document, "variables": variables}
        if catalogue()[name].is_public:
            url, headers = self.public_url, {}
        else:
            url, headers = self.url, {"Authorization": f"Bearer {self.token(claims)}"}
        response = self.session.post(url, json=body, headers=headers, timeout=120)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, {"text": response.text}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--original", required=True, help="URL of the original back-end")
    parser.add_argument("--private-key", required=True, type=Path, help="PEM signing key")
    parser.add_argument("--database", required=True, help="database the original serves")
    parser.add_argument(
        "--operation",
        action="append",
        help="operation to record (repeatable); default: all with cases",
    )
    parser.add_argument("--kind", choices=("query", "mutation"), help="only this kind")
    parser.add_argument(
        "--case", help="only cases whose name contains this; merged into the existing file"
    )
    parser.add_argument(
        "--reload-seed", action="store_true", help="load the dev seed into --database first"
    )
    parser.add_argument("--cases-dir", type=Path, default=CASES_DIR)
    parser.add_argument("--list", action="store_true", help="list operations and case counts")
    args = parser.parse_args(argv)

    if not reference_dir().is_dir():
        parser.error(f"{reference_dir()} is absent (set BOXTRIBUTE_REFERENCE_DIR)")
    mysql = mysql_settings()
    if args.reload_seed:
        reload_seed(args.database, mysql)
    facts_conn = pymysql.connect(**mysql, database=args.database, autocommit=True)
    generated = all_cases(SeedFacts(facts_conn))
    facts_conn.close()

    uncovered = sorted(
        name for name, entry in sendable_frontend_operations().items() if name not in generated
    )
    if args.list:
        for name in sorted(generated):
            print(f"{name:55} {catalogue()[name].kind:8} {len(generated[name]):4}")
        print(f"\nfrontend operations without cases: {', '.join(uncovered)}")
        return 0

    names = args.operation or sorted(generated)
    unknown = [n for n in names if n not in generated]
    if unknown:
        parser.error(f"no cases for: {', '.join(unknown)}")
    if args.kind:
        names = [n for n in names if catalogue()[n].kind == args.kind]

    claims = user_claims(args.database, mysql)
    original = Original(args.original, args.private_key.read_text())
    db = DatabaseState.connect(database=args.database, **mysql)
    args.cases_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    started = time.monotonic()
    try:
        for name in names:
            cases = generated[name]
            if args.case:
                cases = [c for c in cases if args.case in c["name"]]
            op_started = time.monotonic()
            recorded = []
            for case in cases:
                documents = {
                    step["operation"]: catalogue()[step["operation"]].document
                    for step in case["steps"]
                }
                # A case about the calendar keeps the time it was recorded at (statcases.py).
                clock = (
                    {"clock": utcnow().isoformat(timespec="seconds")} if case.get("clock") else {}
                )
                steps = run_case(case, users=claims, send=original.send, db=db, documents=documents)
                recorded.append({"name": case["name"], **clock, "steps": steps})
            write(args.cases_dir, name, recorded, claims, merge=bool(args.case))
            total += len(recorded)
            print(
                f"{name}: {len(recorded)} cases in {time.monotonic() - op_started:.1f}s",
                flush=True,
            )
    finally:
        db.close()
    print(f"recorded {total} cases in {time.monotonic() - started:.0f}s")
    return 0


def write(directory: Path, name: str, recorded: list[dict], claims: dict, merge: bool) -> None:
    path = next((p for p in casefile.files(directory) if casefile.operation_of(p) == name), None)
    if merge and path is not None:
        by_name = {c["name"]: c for c in casefile.read(path)["cases"]}
        by_name.update({c["name"]: c for c in recorded})  # new names go last
        recorded = list(by_name.values())
    used = {step["operation"] for case in recorded for step in case["steps"]}
    users = {step["user"] for case in recorded for step in case["steps"]}
    casefile.write(
        directory,
        {
            "operation": name,
            "kind": catalogue()[name].kind,
            "original": ORIGINAL,
            "documents": {op: document_hash(catalogue()[op].document) for op in sorted(used)},
            "users": {key: claims[key] for key in sorted(users)},
            "cases": recorded,
        },
    )


if __name__ == "__main__":
    raise SystemExit(main())
