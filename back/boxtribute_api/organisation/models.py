"""Organisations (table organisations)."""

from peewee import CharField

from ..db.fields import BaseModel, LegacyDateTimeField, LegacyForeignKeyField, UnsignedAutoField
from ..user.models import User

__all__ = ["Organisation"]


class Organisation(BaseModel):
    id = UnsignedAutoField()
    name = CharField(column_name="label", max_length=255)
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    deleted_on = LegacyDateTimeField(column_name="deleted", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )

    class Meta:
        table_name = "organisations"
