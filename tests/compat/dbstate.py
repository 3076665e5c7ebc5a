"""What a request changed in the database, and putting it back.

`DatabaseState` keeps the rows of every table as they were when it was created (the
pristine seed). After each request `changes()` reports the rows inserted, updated
(changed columns, old -> new) and deleted per table, keyed by primary key. `restore()`
puts every changed row back and resets each table's AUTO_INCREMENT, so the next case
starts from the pristine seed and generates the same ids again.

Changed tables are found with CHECKSUM TABLE (about 20 ms for the whole seed); only
those are read again. The recorder (against the original) and the replay test
(against our app) use the same code, so both sides are described alike.
"""

from __future__ import annotations

import datetime
import decimal
import json
from collections import Counter
from dataclasses import dataclass

import pymysql


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[int, ...]  # indexes of the primary key columns; () when there is none


def json_value(value):
    """A column value as it is written to the case files."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode()
        except UnicodeDecodeError:
            return "0x" + bytes(value).hex()
    return str(value)


class DatabaseState:
    def __init__(self, connection: pymysql.Connection):
        self.conn = connection
        with self.conn.cursor() as cursor:
            # As the dump loads: id 0 stays 0, zero dates are accepted when restored.
            cursor.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'")
            cursor.execute("SET SESSION time_zone = '+00:00'")
            cursor.execute("SET SESSION lock_wait_timeout = 20")
        self.database = self._scalar("SELECT DATABASE()")
        self.tables = self._tables()
        self.pristine_checksums = self._checksums()
        self.pristine_auto_increments = self._auto_increments()
        self.pristine = {name: self._rows(table) for name, table in self.tables.items()}
        self.current = dict(self.pristine)
        self.current_checksums = dict(self.pristine_checksums)

    @classmethod
    def connect(cls, *, database: str, **mysql) -> DatabaseState:
        return cls(pymysql.connect(**mysql, database=database, autocommit=True))

    def close(self) -> None:
        self.conn.close()

    # --- reading ---------------------------------------------------------------------

    def _scalar(self, sql: str, args=None):
        with self.conn.cursor() as cursor:
            cursor.execute(sql, args)
            return cursor.fetchone()[0]

    def _tables(self) -> dict[str, Table]:
        with self.conn.cursor() as cursor:
            cursor.execute(
                "SELECT table_name, column_name, column_key FROM information_schema.columns"
                " WHERE table_schema = %s ORDER BY table_name, ordinal_position",
                (self.database,),
            )
            columns: dict[str, list[tuple[str, bool]]] = {}
            for table, column, key in cursor.fetchall():
                columns.setdefault(table, []).append((column, key == "PRI"))
            cursor.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = %s AND table_type = 'BASE TABLE'",
                (self.database,),
            )
            base_tables = {row[0] for row in cursor.fetchall()}
        return {
            name: Table(
                name,
                tuple(c for c, _ in cols),
                tuple(i for i, (_, primary) in enumerate(cols) if primary),
            )
            for name, cols in sorted(columns.items())
            if name in base_tables
        }

    def _checksums(self) -> dict[str, int]:
        names = ", ".join(f"`{name}`" for name in self.tables)
        with self.conn.cursor() as cursor:
            cursor.execute(f"CHECKSUM TABLE {names}")
            return {row[0].split(".", 1)[1]: row[1] for row in cursor.fetchall()}

    def _auto_increments(self) -> dict[str, int | None]:
        with self.conn.cursor() as cursor:
            cursor.execute(
                "SELECT table_name, auto_increment FROM information_schema.tables"
                " WHERE table_schema = %s AND table_type = 'BASE TABLE'",
                (self.database,),
            )
            return dict(cursor.fetchall())

    def _rows(self, table: Table) -> dict:
        """Rows by primary key; rows of a table without one by their content (with a
        count suffix for duplicates)."""
        with self.conn.cursor() as cursor:
            cursor.execute(f"SELECT * FROM `{table.name}`")
            rows = cursor.fetchall()
        if table.key:
            return {tuple(row[i] for i in table.key): row for row in rows}
        keyed = {}
        seen: Counter = Counter()
        for row in rows:
            content = json.dumps([json_value(v) for v in row])
            seen[content] += 1
            keyed[(content, seen[content])] = row
        return keyed

    # --- what changed ----------------------------------------------------------------

    def _key_text(self, table: Table, key: tuple) -> str:
        if table.key:
            return ",".join(str(json_value(v)) for v in key)
        content, count = key
        return content if count == 1 else f"{content}#{count}"

    def _row_dict(self, table: Table, row: tuple) -> dict:
        return {c: json_value(v) for c, v in zip(table.columns, row, strict=True)}

    def _diff(self, table: Table, before: dict, after: dict) -> dict:
        inserted = {
            self._key_text(table, k): self._row_dict(table, row)
            for k, row in after.items()
            if k not in before
        }
        deleted = {
            self._key_text(table, k): self._row_dict(table, row)
            for k, row in before.items()
            if k not in after
        }
        updated = {}
        for k, row in after.items():
            old = before.get(k)
            if old is None or old == row:
                continue
            updated[self._key_text(table, k)] = {
                column: [json_value(a), json_value(b)]
                for column, a, b in zip(table.columns, old, row, strict=True)
                if a != b or type(a) is not type(b)
            }
        diff = {}
        for name, part in (("inserted", inserted), ("updated", updated), ("deleted", deleted)):
            if part:
                diff[name] = part
        return diff

    def changes(self) -> dict:
        """Rows changed since the last call (or since the pristine state)."""
        checksums = self._checksums()
        result = {}
        for name, checksum in checksums.items():
            if checksum == self.current_checksums[name]:
                continue
            table = self.tables[name]
            rows = self._rows(table)
            diff = self._diff(table, self.current[name], rows)
            if diff:
                result[name] = diff
            self.current[name] = rows
            self.current_checksums[name] = checksum
        return result

    # --- putting it back ---------------------------------------------------------------

    def restore(self) -> None:
        """Back to the pristine rows and AUTO_INCREMENT values; verified by checksum."""
        self.changes()  # anything written after the last step is put back too
        with self.conn.cursor() as cursor:
            cursor.execute("SET SESSION foreign_key_checks = 0")
            try:
                for name, checksum in self.current_checksums.items():
                    if checksum != self.pristine_checksums[name]:
                        self._restore_rows(cursor, self.tables[name])
                current = self._auto_increments()
                for name, value in self.pristine_auto_increments.items():
                    if value is not None and current.get(name) != value:
                        cursor.execute(f"ALTER TABLE `{name}` AUTO_INCREMENT = {int(value)}")
            finally:
                cursor.execute("SET SESSION foreign_key_checks = 1")
        checksums = self._checksums()
        wrong = sorted(n for n, c in checksums.items() if c != self.pristine_checksums[n])
        auto_increments = self._auto_increments()
        wrong += sorted(
            f"{n} AUTO_INCREMENT"
            for n, v in self.pristine_auto_increments.items()
            if v is not None and auto_increments.get(n) != v
        )
        if wrong:
            raise RuntimeError(f"the database could not be restored: {', '.join(wrong)}")
        self.current = dict(self.pristine)
        self.current_checksums = dict(self.pristine_checksums)

    def _restore_rows(self, cursor, table: Table) -> None:
        pristine = self.pristine[table.name]
        current = self.current[table.name]
        columns = ", ".join(f"`{c}`" for c in table.columns)
        placeholders = ", ".join(["%s"] * len(table.columns))
        if not table.key:
            cursor.execute(f"DELETE FROM `{table.name}`")
            rows = list(pristine.values())
        else:
            key_columns = [table.columns[i] for i in table.key]
            condition = " AND ".join(f"`{c}` = %s" for c in key_columns)
            for key in current.keys() - pristine.keys():
                cursor.execute(f"DELETE FROM `{table.name}` WHERE {condition}", key)
            rows = [row for key, row in pristine.items() if current.get(key) != row]
        if rows:
            cursor.executemany(
                f"REPLACE INTO `{table.name}` ({columns}) VALUES ({placeholders})", rows
            )
