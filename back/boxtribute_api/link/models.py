"""Public links to statistics views (table shareable_link)."""

from peewee import CharField

from ..base.models import Base
from ..db.fields import BaseModel, LegacyDateTimeField, LegacyForeignKeyField, UnsignedAutoField
from ..user.models import User

__all__ = ["ShareableLink"]


class ShareableLink(BaseModel):
    id = UnsignedAutoField()
    code = CharField(max_length=255, unique=True)
    valid_until = LegacyDateTimeField(null=True)
    view = CharField(max_length=255)
    base = LegacyForeignKeyField(
        Base, column_name="base_id", backref="+", null=True, on_delete="SET NULL"
    )
    url_parameters = CharField(max_length=2000, null=True)
    created_on = LegacyDateTimeField()
    created_by = LegacyForeignKeyField(
        User, column_name="created_by_id", backref="+", null=True, on_delete="SET NULL"
    )

    class Meta:
        table_name = "shareable_link"
