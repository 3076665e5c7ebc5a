"""The model base and the column types of the legacy schema."""

from __future__ import annotations

import datetime
import decimal

import peewee

from .routing import database

ZERO_DATETIME = "0000-00-00 00:00:00"


class LegacyDateTimeField(peewee.DateTimeField):
    """DATETIME where the legacy schema stores '0000-00-00 00:00:00' for 'never'.

    Read: zero dates become None. Write: None becomes the zero date when the column
    is NOT NULL (e.g. stock.deleted), NULL otherwise.
    """

    def python_value(self, value):
        if value is None or isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str) and value.startswith("0000-00-00"):
            return None
        return super().python_value(value)

    def db_value(self, value):
        if value is None and not self.null:
            return ZERO_DATETIME
        return super().db_value(value)

    def is_unset(self):
        """SQL condition for 'None': NULL or the zero date (`is_null()` misses the latter)."""
        return self.is_null() | (self == ZERO_DATETIME)


class LegacyDateField(peewee.DateField):
    def python_value(self, value):
        if isinstance(value, str) and value.startswith("0000-00-00"):
            return None
        return super().python_value(value)


class UnsignedAutoField(peewee.AutoField):
    field_type = "INT UNSIGNED AUTO_INCREMENT"


class UnsignedIntegerField(peewee.IntegerField):
    field_type = "INT UNSIGNED"


class UnsignedDecimalField(peewee.DecimalField):
    def ddl_datatype(self, ctx):
        return peewee.SQL(f"{super().ddl_datatype(ctx).sql} UNSIGNED")


def column_default(value) -> dict:
    """Field keyword arguments for a column DEFAULT: the Python default for new
    objects, and the same DEFAULT clause in tables created from the models.

    The zero date gets only the clause: in Python it is None (see LegacyDateTimeField).
    """
    if isinstance(value, bool):
        literal = str(int(value))
    elif isinstance(value, int | float | decimal.Decimal):
        literal = str(value)
    elif isinstance(value, datetime.datetime):
        literal = f"'{value.isoformat(sep=' ')}'"
    elif isinstance(value, datetime.date):
        literal = f"'{value.isoformat()}'"
    else:
        literal = "'" + str(value).replace("'", "''") + "'"
    constraints = [peewee.SQL(f"DEFAULT {literal}")]
    if value == ZERO_DATETIME:
        return {"constraints": constraints}
    return {"default": value, "constraints": constraints}


class LegacyForeignKeyField(peewee.ForeignKeyField):
    """A foreign key column whose attribute returns the raw id unless joined.

    `lazy_load=False` keeps an unjoined access from firing a hidden query (loaders
    batch those lookups instead). The column type follows the legacy `int unsigned`.
    """

    def __init__(self, model, **kwargs):
        kwargs.setdefault("lazy_load", False)
        kwargs.setdefault("on_update", "CASCADE")
        super().__init__(model, **kwargs)

    def bind(self, model, name, set_attribute=True):
        # The raw id is always `<attribute>_id` (e.g. `Box.state_id` for box_state_id),
        # whatever the legacy column is called.
        if not self.object_id_name:
            self.object_id_name = f"{name}_id"
        super().bind(model, name, set_attribute)

    @property
    def field_type(self):
        if isinstance(self.rel_field, UnsignedAutoField | UnsignedIntegerField):
            return "INT UNSIGNED"
        return super().field_type


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False
