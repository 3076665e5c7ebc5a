"""The test MySQL/MariaDB server and the uniquely named databases tests make on it."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pymysql

from boxtribute_api.db.routing import close_pools

MYSQL = dict(
    host=os.environ.get("TEST_MYSQL_HOST", "127.0.0.1"),
    port=int(os.environ.get("TEST_MYSQL_PORT", "3306")),
    user=os.environ.get("TEST_MYSQL_USER", "root"),
    password=os.environ.get("TEST_MYSQL_PASSWORD", ""),
)
# Part of every database name of this test session: sessions running side by side on
# one server do not meet.
RUN_ID = uuid.uuid4().hex[:8]


def admin_connection(database: str | None = None):
    return pymysql.connect(**MYSQL, database=database, autocommit=True)


def query(database: str, sql: str, params=()) -> list[tuple]:
    """The rows of one statement on `database`, outside the app."""
    with admin_connection(database) as conn, conn.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def create_database(name: str) -> None:
    with admin_connection() as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")


def drop_database(name: str) -> None:
    # Idle pooled connections to it would count against the server's connection limit.
    close_pools(name)
    with admin_connection() as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")


def load_sql_file(database: str, path: Path) -> None:
    command = ["mysql", f"-h{MYSQL['host']}", f"-P{MYSQL['port']}", f"-u{MYSQL['user']}"]
    if MYSQL["password"]:
        command.append(f"-p{MYSQL['password']}")
    with path.open("rb") as sql:
        subprocess.run([*command, database], stdin=sql, check=True)
    analyze_tables(database)


def analyze_tables(database: str) -> None:
    """Up-to-date index statistics for every table, as a database in service has.
    Right after a bulk load InnoDB recomputes them in the background, late when the
    server is busy, and until then the optimizer may choose other plans: MariaDB
    leaves rows of equal sort keys in the plan's order (boxes modified at the same
    time), which the original's recorded answers show for settled statistics."""
    with admin_connection(database) as conn, conn.cursor() as cursor:
        cursor.execute("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")
        tables = [row[0] for row in cursor.fetchall()]
        if tables:
            cursor.execute("ANALYZE TABLE " + ", ".join(f"`{t}`" for t in tables))
            cursor.fetchall()


def demo_database(purpose: str, boxes_in_main_base: int):
    """Create `boxtribute_test_<purpose>_<run>` filled with the demo world; yields its
    name and drops it afterwards (a generator for fixtures to `yield from`)."""
    from boxtribute_api.demo_world.writer import generate_demo_database

    from .client import settings_for

    name = f"boxtribute_test_{purpose}_{RUN_ID}"
    create_database(name)
    try:
        generate_demo_database(settings_for(name), boxes_in_main_base=boxes_in_main_base)
        analyze_tables(name)  # plans (and the order of ties) settled from the first request
        yield name
    finally:
        drop_database(name)
