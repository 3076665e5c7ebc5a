"""The dev seed grown to a large base: the acceptance's shape of the Boxes view.

Loads `dropapp-dev-seed.sql` into a new database and grows its base 1 to, by
default, 10,000 live boxes over 250 products, 22 locations and 72 sizes, with
10,476 live tag relations on them (the shape the acceptance measures, unlike the
demo world of `boxtribute_api.demo_world`, whose boxes spread over fewer products
and carry fewer tags). About 78% of the grown boxes are InStock.

    .venv/bin/python profiling/grow_seed.py grown_10k                 # 10,000 boxes
    .venv/bin/python profiling/grow_seed.py grown_50k --boxes 50000   # 52,380 tags

The tag relations scale with the boxes (10,476 per 10,000) unless `--tag-relations`
says otherwise. Deterministic for a given `--seed`. Any of the benchmarks then take
the database by name (`--database grown_10k`). Needs the `mysql` client and the
reference directory (`BOXTRIBUTE_REFERENCE_DIR` or ../shared/reference).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pymysql

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("BOXTRIBUTE_REFERENCE_DIR") or REPO.parent / "shared" / "reference")
BASE = 1
# Live states of the grown boxes and their shares (InStock first).
STATES = [(1, 78), (5, 8), (2, 4), (6, 4), (3, 3), (8, 3)]


def connect(database: str | None = None) -> pymysql.Connection:
    return pymysql.connect(
        host=os.environ.get("MYSQL_HOST", "127.0.0.1"),
        port=int(os.environ.get("MYSQL_PORT", "3306")),
        user=os.environ.get("MYSQL_USER", "root"),
        password=os.environ.get("MYSQL_PASSWORD", ""),
        database=database,
        autocommit=False,
    )


def load_seed(database: str, replace: bool) -> None:
    seed = REFERENCE / "dropapp-dev-seed.sql"
    if not seed.exists():
        raise SystemExit(f"no dev seed at {seed}: set BOXTRIBUTE_REFERENCE_DIR")
    with connect() as conn, conn.cursor() as cursor:
        if replace:
            cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
        cursor.execute(f"CREATE DATABASE `{database}`")
    command = [
        "mysql",
        "-h" + os.environ.get("MYSQL_HOST", "127.0.0.1"),
        "-P" + os.environ.get("MYSQL_PORT", "3306"),
        "-u" + os.environ.get("MYSQL_USER", "root"),
        database,
    ]
    if os.environ.get("MYSQL_PASSWORD"):
        command.insert(-1, "-p" + os.environ["MYSQL_PASSWORD"])
    with seed.open("rb") as dump:
        subprocess.run(command, stdin=dump, check=True)


def scalar_list(cursor, sql: str, *params) -> list:
    cursor.execute(sql, params)
    return [row[0] for row in cursor.fetchall()]


def moment(rng: random.Random) -> datetime.datetime:
    start = datetime.datetime(2024, 1, 1)
    return start + datetime.timedelta(seconds=rng.randrange(0, 600 * 24 * 3600))


LIVE_BOX = "(s.deleted IS NULL OR s.deleted = '0000-00-00 00:00:00')"


def grow(conn, args) -> dict:
    rng = random.Random(args.seed)
    cursor = conn.cursor()
    users = scalar_list(
        cursor,
        "SELECT id FROM cms_users WHERE deleted IS NULL OR deleted = '0000-00-00 00:00:00'",
    )

    # Locations: visible warehouses of base 1 until it has args.locations live ones.
    locations = scalar_list(
        cursor,
        "SELECT id FROM locations WHERE camp_id = %s AND deleted IS NULL ORDER BY id",
        BASE,
    )
    new_locations = [
        (f"Grown WH {n}", BASE, moment(rng), rng.choice(users))
        for n in range(1, args.locations - len(locations) + 1)
    ]
    cursor.executemany(
        "INSERT INTO locations (label, camp_id, created, created_by, visible, type,"
        " box_state_id) VALUES (%s, %s, %s, %s, 1, 'Warehouse', 1)",
        new_locations,
    )
    locations = scalar_list(
        cursor,
        "SELECT id FROM locations WHERE camp_id = %s AND deleted IS NULL ORDER BY id",
        BASE,
    )

    # Sizes: args.sizes in all, those of base 1's boxes among them, then others from
    # the size ranges, base 1's products' ranges first (they have fewer distinct sizes).
    chosen: list[int] = scalar_list(
        cursor,
        f"SELECT DISTINCT s.size_id FROM stock s JOIN locations l ON l.id = s.location_id"
        f" WHERE l.camp_id = %s AND s.size_id IS NOT NULL AND {LIVE_BOX} ORDER BY 1",
        BASE,
    )[: args.sizes]
    cursor.execute(
        "SELECT ss.sizegroup_id, ss.size_id FROM sizes_sizegroup ss"
        " ORDER BY ss.sizegroup_id NOT IN"
        " (SELECT sizegroup_id FROM products WHERE camp_id = %s), ss.sizegroup_id, ss.seq,"
        " ss.size_id",
        (BASE,),
    )
    sizes_of: dict[int, list[int]] = {}
    for group, size in cursor.fetchall():
        if size not in chosen and len(chosen) < args.sizes:
            chosen.append(size)
        if size in chosen:
            sizes_of.setdefault(group, []).append(size)
    sized_groups = sorted(sizes_of)

    # Products: base 1's, plus new ones (each in a size range with chosen sizes).
    cursor.execute(
        "SELECT name, category_id, gender_id FROM products WHERE camp_id = %s AND deleted IS NULL",
        (BASE,),
    )
    templates = cursor.fetchall()
    existing = scalar_list(
        cursor, "SELECT COUNT(*) FROM products WHERE camp_id = %s AND deleted IS NULL", BASE
    )[0]
    new_products = []
    for n in range(args.products - existing):
        name, category, gender = templates[n % len(templates)]
        group = sized_groups[n % len(sized_groups)]
        new_products.append(
            (f"{name} {n + 1}", category, gender, group, BASE, rng.randrange(1, 50), moment(rng))
        )
    cursor.executemany(
        "INSERT INTO products (name, category_id, gender_id, sizegroup_id, camp_id, value,"
        " created, created_by) VALUES (%s, %s, %s, %s, %s, %s, %s, 1)",
        new_products,
    )
    cursor.execute(
        "SELECT id, sizegroup_id FROM products WHERE camp_id = %s AND deleted IS NULL ORDER BY id",
        (BASE,),
    )
    products = [(pid, sizes_of.get(group) or chosen) for pid, group in cursor.fetchall()]

    # Boxes: until base 1 has args.boxes live ones.
    live = scalar_list(
        cursor,
        f"SELECT COUNT(*) FROM stock s JOIN locations l ON l.id = s.location_id"
        f" WHERE l.camp_id = %s AND {LIVE_BOX}",
        BASE,
    )[0]
    taken = set(scalar_list(cursor, "SELECT box_id FROM stock"))
    states = [state for state, share in STATES for _ in range(share)]
    rows = []
    for _ in range(args.boxes - live):
        label = str(rng.randrange(10_000_000, 99_999_999))
        while label in taken:
            label = str(rng.randrange(10_000_000, 99_999_999))
        taken.add(label)
        product, sizes = rng.choice(products)
        created = moment(rng)
        modified = created + datetime.timedelta(days=rng.randrange(0, 60))
        rows.append(
            (
                label,
                product,
                rng.choice(sizes),
                rng.randrange(1, 120),
                rng.choice(locations),
                rng.choice(["", None, "grown box"]),
                created,
                rng.choice(users),
                modified,
                rng.choice(users),
                rng.choice(states),
            )
        )
    for start in range(0, len(rows), 2000):
        cursor.executemany(
            "INSERT INTO stock (box_id, product_id, size_id, items, location_id, comments,"
            " created, created_by, modified, modified_by, box_state_id)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows[start : start + 2000],
        )

    # Tag relations: live ones on base 1's live boxes until args.tag_relations.
    box_ids = scalar_list(
        cursor,
        f"SELECT s.id FROM stock s JOIN locations l ON l.id = s.location_id"
        f" WHERE l.camp_id = %s AND {LIVE_BOX} ORDER BY s.id",
        BASE,
    )
    tags = scalar_list(
        cursor,
        "SELECT id FROM tags WHERE camp_id = %s AND deleted IS NULL AND type IN ('Stock', 'All')",
        BASE,
    )
    cursor.execute(
        f"SELECT r.object_id, r.tag_id FROM tags_relations r JOIN stock s ON s.id = r.object_id"
        f" JOIN locations l ON l.id = s.location_id WHERE r.object_type = 'Stock'"
        f" AND r.deleted_on IS NULL AND l.camp_id = %s AND {LIVE_BOX}",
        (BASE,),
    )
    pairs = set(cursor.fetchall())
    wanted = args.tag_relations
    if wanted is None:
        wanted = round(args.boxes * 10476 / 10000)
    relations = []
    while len(pairs) < min(wanted, len(box_ids) * len(tags)):
        pair = (rng.choice(box_ids), rng.choice(tags))
        if pair not in pairs:
            pairs.add(pair)
            relations.append((pair[0], pair[1], moment(rng), rng.choice(users)))
    for start in range(0, len(relations), 5000):
        cursor.executemany(
            "INSERT INTO tags_relations (object_id, object_type, tag_id, created_on,"
            " created_by_id) VALUES (%s, 'Stock', %s, %s, %s)",
            relations[start : start + 5000],
        )
    conn.commit()
    cursor.execute(
        f"SELECT COUNT(*), SUM(s.box_state_id = 1), COUNT(DISTINCT s.product_id),"
        f" COUNT(DISTINCT s.location_id), COUNT(DISTINCT s.size_id)"
        f" FROM stock s JOIN locations l ON l.id = s.location_id"
        f" WHERE l.camp_id = %s AND {LIVE_BOX}",
        (BASE,),
    )
    boxes, in_stock, used_products, used_locations, used_sizes = cursor.fetchone()
    return {
        "live boxes": boxes,
        "InStock": int(in_stock),
        "products": used_products,
        "locations": used_locations,
        "sizes": used_sizes,
        "live tag relations": len(pairs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="the database to create")
    parser.add_argument("--boxes", type=int, default=10000, help="live boxes in base 1")
    parser.add_argument("--products", type=int, default=250)
    parser.add_argument("--locations", type=int, default=22)
    parser.add_argument("--sizes", type=int, default=72)
    parser.add_argument("--tag-relations", type=int, help="default: 10,476 per 10,000 boxes")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--replace", action="store_true", help="drop the database first")
    args = parser.parse_args()
    started = time.perf_counter()
    load_seed(args.database, args.replace)
    with connect(args.database) as conn:
        summary = grow(conn, args)
    print(
        f"{args.database}, base {BASE}: "
        + ", ".join(f"{value} {key}" for key, value in summary.items())
        + f" ({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
