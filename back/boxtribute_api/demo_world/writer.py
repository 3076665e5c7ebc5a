"""Writing the demo world into a database: `generate_demo_database` builds the world,
creates our schema and inserts every row; `is_empty` tells whether a database has room."""

from __future__ import annotations

import sys

import peewee

from ..config import Settings
from ..db.routing import configure_databases, connection_scope, database
from ..models import ALL_MODELS, create_schema
from .build import build_world
from .world import DEFAULT_SEED, World

BATCH_SIZE = 1000


def _progress_printer():
    def report(what: str, done: int, total: int):
        stream = sys.stderr
        if not stream.isatty() and done not in (0, total):
            return
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r{what:>14} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return report


def _quiet(what: str, done: int, total: int):
    pass


def write_world(world: World, progress=_quiet) -> dict[str, int]:
    """Insert every row, table by table in dependency order, in batches."""
    counts: dict[str, int] = {}
    ordered = [m for m in peewee.sort_models(ALL_MODELS) if world.rows.get(m)]
    total = sum(len(world.rows[m]) for m in ordered)
    done = 0
    progress("writing rows", 0, total)
    for model in ordered:
        rows = world.rows[model]
        # Self-referencing rows (category parents) go parents first.
        rows = sorted(rows, key=lambda r: r.get("id", 0))
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            model.insert_many(batch).execute()
            done += len(batch)
            progress("writing rows", done, total)
        counts[model._meta.table_name] = len(rows)
    return counts


def is_empty(db=database) -> bool:
    """No table of ours holds a row (missing tables count as empty)."""
    for model in ALL_MODELS:
        if db.table_exists(model._meta.table_name) and model.select().limit(1).exists():
            return False
    return True


def generate_demo_database(
    settings: Settings,
    boxes_in_main_base: int = 300,
    seed: int = DEFAULT_SEED,
    *,
    show_progress: bool = False,
) -> dict[str, int]:
    """Create our schema in the (existing, empty) database of `settings` and fill it.

    Returns the number of rows written per table. Raises RuntimeError when the
    database already holds rows.
    """
    progress = _progress_printer() if show_progress else _quiet
    configure_databases(settings)
    world = build_world(seed, boxes_in_main_base, progress)
    with connection_scope():
        create_schema(database)
        if not is_empty():
            raise RuntimeError(
                f"database {settings.database.name!r} is not empty; refusing to add demo data"
            )
        with database.atomic():
            return write_world(world, progress)


def reseed_demo_database(settings: Settings, boxes_in_main_base: int = 300) -> dict[str, int]:
    """Drop the tables of our models in the database of `settings` (other tables stay)
    and fill it with the demo world afresh: the reseed-db job of demo deployments."""
    configure_databases(settings)
    with connection_scope():
        database.execute_sql("SET FOREIGN_KEY_CHECKS = 0")
        try:
            for model in ALL_MODELS:
                database.execute_sql(f"DROP TABLE IF EXISTS `{model._meta.table_name}`")
        finally:
            database.execute_sql("SET FOREIGN_KEY_CHECKS = 1")
    return generate_demo_database(settings, boxes_in_main_base)
