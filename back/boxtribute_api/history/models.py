"""The change log of all tables (table history)."""

from peewee import CharField, FloatField, IntegerField, TextField

from ..db.fields import BaseModel, LegacyDateTimeField, LegacyForeignKeyField, UnsignedAutoField
from ..user.models import User

__all__ = ["HistoryEntry"]


class HistoryEntry(BaseModel):
    id = UnsignedAutoField()
    table_name = CharField(column_name="tablename", max_length=255, null=True)
    # Signed int, unlike the ids it points to (stock.id, people.id, ...).
    record_id = IntegerField(null=True)
    changes = TextField(null=True)
    user = LegacyForeignKeyField(User, column_name="user_id", backref="+", null=True)
    ip = CharField(max_length=20, null=True)
    change_date = LegacyDateTimeField(column_name="changedate", null=True)
    from_int = IntegerField(null=True)
    to_int = IntegerField(null=True)
    from_float = FloatField(null=True)
    to_float = FloatField(null=True)

    class Meta:
        table_name = "history"
        indexes = (
            (("record_id", "change_date"), False),
            (("table_name", "record_id", "change_date"), False),
        )
