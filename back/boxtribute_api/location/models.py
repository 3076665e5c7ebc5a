"""Locations and box states (tables locations, box_state).

A location row is a ClassicLocation or, with type 'DistributionSpot', a
DistributionSpot of the GraphQL API.
"""

from peewee import BooleanField, CharField, DoubleField, IntegerField

from ..base.models import Base
from ..db.fields import (
    BaseModel,
    LegacyDateTimeField,
    LegacyForeignKeyField,
    UnsignedAutoField,
    column_default,
)
from ..user.models import User

__all__ = ["BoxState", "Location"]


class BoxState(BaseModel):
    """One row per value of the GraphQL enum BoxState, matched by id: labels differ
    from the enum names (e.g. 'Instock')."""

    id = UnsignedAutoField()
    label = CharField(max_length=20, unique=True)

    class Meta:
        table_name = "box_state"


class Location(BaseModel):
    id = UnsignedAutoField()
    name = CharField(column_name="label", max_length=20)
    base = LegacyForeignKeyField(Base, column_name="camp_id", backref="+")
    seq = IntegerField(null=True)
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )
    visible = BooleanField(**column_default(True))
    is_stockroom = BooleanField(column_name="container_stock", **column_default(False))
    is_shop = BooleanField(column_name="is_market", **column_default(False))
    is_donated = BooleanField(**column_default(False))
    is_lost = BooleanField(**column_default(False))
    type = CharField(max_length=20, index=True, **column_default("Warehouse"))
    latitude = DoubleField(null=True, index=True)
    longitude = DoubleField(null=True, index=True)
    # DistributionSpot.comment
    comment = CharField(column_name="description", max_length=255, null=True)
    deleted_on = LegacyDateTimeField(column_name="deleted", null=True)
    is_scrap = BooleanField(**column_default(False))
    default_box_state = LegacyForeignKeyField(
        BoxState, column_name="box_state_id", backref="+", **column_default(1)
    )

    class Meta:
        table_name = "locations"
