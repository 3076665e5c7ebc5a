"""Tags and which boxes and beneficiaries carry them (tables tags, tags_relations)."""

from peewee import CharField, IntegerField, TextField

from ..base.models import Base
from ..db.fields import (
    BaseModel,
    LegacyDateTimeField,
    LegacyForeignKeyField,
    UnsignedAutoField,
    UnsignedIntegerField,
    column_default,
)
from ..user.models import User

__all__ = ["Tag", "TagsRelation"]


class Tag(BaseModel):
    id = UnsignedAutoField()
    name = CharField(column_name="label", max_length=255)
    color = CharField(max_length=255)
    base = LegacyForeignKeyField(Base, column_name="camp_id", backref="+")
    deleted_on = LegacyDateTimeField(column_name="deleted", null=True)
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )
    # NOT NULL without a default: every insert has to give one ('' at least).
    description = TextField()
    # 'People', 'Stock' or 'All' (GraphQL TagType Beneficiary, Box, All)
    type = CharField(max_length=255, null=True, index=True, **column_default("People"))
    seq = IntegerField(null=True)

    class Meta:
        table_name = "tags"


class TagsRelation(BaseModel):
    id = UnsignedAutoField()
    # stock.id or people.id, depending on object_type ('Stock' or 'People')
    object_id = UnsignedIntegerField()
    object_type = CharField(max_length=255, **column_default("People"))
    tag = LegacyForeignKeyField(Tag, column_name="tag_id", backref="+", on_delete="CASCADE")
    created_on = LegacyDateTimeField(null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by_id", backref="+", null=True)
    deleted_on = LegacyDateTimeField(null=True)
    deleted_by = LegacyForeignKeyField(User, column_name="deleted_by_id", backref="+", null=True)

    class Meta:
        table_name = "tags_relations"
        indexes = ((("object_id", "tag_id", "object_type"), False),)
