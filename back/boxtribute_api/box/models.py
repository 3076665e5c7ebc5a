"""Boxes (table stock)."""

from peewee import CharField, IntegerField, TextField

from ..db.fields import (
    BaseModel,
    LegacyDateTimeField,
    LegacyForeignKeyField,
    UnsignedAutoField,
    UnsignedDecimalField,
    column_default,
)
from ..distribution.models import DistributionEvent
from ..location.models import BoxState, Location
from ..product.models import Product, Size, Unit
from ..qr.models import QrCode
from ..user.models import User

__all__ = ["Box"]


class Box(BaseModel):
    id = UnsignedAutoField()
    label_identifier = CharField(
        column_name="box_id", max_length=11, unique=True, **column_default("")
    )
    product = LegacyForeignKeyField(Product, column_name="product_id", backref="+")
    size = LegacyForeignKeyField(Size, column_name="size_id", backref="+", null=True)
    weight_display_unit = LegacyForeignKeyField(
        Unit, column_name="weight_display_unit_id", backref="+", **column_default(1)
    )
    weight = UnsignedDecimalField(max_digits=36, decimal_places=18, null=True)
    monetary_value = UnsignedDecimalField(max_digits=36, decimal_places=18, null=True)
    display_unit = LegacyForeignKeyField(
        Unit, column_name="display_unit_id", backref="+", null=True
    )
    measure_value = UnsignedDecimalField(max_digits=36, decimal_places=18, null=True)
    number_of_items = IntegerField(column_name="items", null=True)
    location = LegacyForeignKeyField(Location, column_name="location_id", backref="+")
    distribution_event = LegacyForeignKeyField(
        DistributionEvent, column_name="distro_event_id", backref="+", null=True
    )
    qr_code = LegacyForeignKeyField(
        QrCode, column_name="qr_id", backref="+", null=True, unique=True
    )
    comment = TextField(column_name="comments", null=True)
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )
    # NOT NULL: a box that is not deleted has the zero date (read as None).
    deleted_on = LegacyDateTimeField(column_name="deleted", **column_default("0000-00-00 00:00:00"))
    state = LegacyForeignKeyField(
        BoxState, column_name="box_state_id", backref="+", **column_default(1)
    )
    source_box = LegacyForeignKeyField(
        "self", column_name="source_box_id", backref="+", null=True, on_delete="SET NULL"
    )

    class Meta:
        table_name = "stock"
