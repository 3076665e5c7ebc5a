"""Shipments of boxes between bases (tables shipment, shipment_detail)."""

from peewee import CharField, IntegerField

from ..agreement.models import TransferAgreement
from ..base.models import Base
from ..box.models import Box
from ..db.fields import (
    BaseModel,
    LegacyDateTimeField,
    LegacyForeignKeyField,
    UnsignedAutoField,
    column_default,
)
from ..location.models import Location
from ..product.models import Product, Size
from ..user.models import User

__all__ = ["Shipment", "ShipmentDetail"]


class Shipment(BaseModel):
    id = UnsignedAutoField()
    source_base = LegacyForeignKeyField(Base, column_name="source_base_id", backref="+")
    target_base = LegacyForeignKeyField(Base, column_name="target_base_id", backref="+")
    transfer_agreement = LegacyForeignKeyField(
        TransferAgreement, column_name="transfer_agreement_id", backref="+", null=True
    )
    state = CharField(max_length=255, **column_default("Preparing"))
    started_on = LegacyDateTimeField()
    started_by = LegacyForeignKeyField(User, column_name="started_by_id", backref="+")
    canceled_on = LegacyDateTimeField(null=True)
    canceled_by = LegacyForeignKeyField(User, column_name="canceled_by_id", backref="+", null=True)
    sent_on = LegacyDateTimeField(null=True)
    sent_by = LegacyForeignKeyField(User, column_name="sent_by_id", backref="+", null=True)
    receiving_started_on = LegacyDateTimeField(null=True)
    receiving_started_by = LegacyForeignKeyField(
        User, column_name="receiving_started_by_id", backref="+", null=True
    )
    completed_on = LegacyDateTimeField(null=True)
    completed_by = LegacyForeignKeyField(
        User, column_name="completed_by_id", backref="+", null=True
    )

    class Meta:
        table_name = "shipment"


class ShipmentDetail(BaseModel):
    id = UnsignedAutoField()
    shipment = LegacyForeignKeyField(Shipment, column_name="shipment_id", backref="+")
    box = LegacyForeignKeyField(Box, column_name="box_id", backref="+")
    source_product = LegacyForeignKeyField(Product, column_name="source_product_id", backref="+")
    target_product = LegacyForeignKeyField(
        Product, column_name="target_product_id", backref="+", null=True
    )
    source_quantity = IntegerField(null=True)
    target_quantity = IntegerField(null=True)
    source_size = LegacyForeignKeyField(Size, column_name="source_size_id", backref="+", null=True)
    target_size = LegacyForeignKeyField(Size, column_name="target_size_id", backref="+", null=True)
    source_location = LegacyForeignKeyField(Location, column_name="source_location_id", backref="+")
    target_location = LegacyForeignKeyField(
        Location, column_name="target_location_id", backref="+", null=True
    )
    created_on = LegacyDateTimeField()
    created_by = LegacyForeignKeyField(User, column_name="created_by_id", backref="+")
    lost_on = LegacyDateTimeField(null=True)
    lost_by = LegacyForeignKeyField(User, column_name="lost_by_id", backref="+", null=True)
    received_on = LegacyDateTimeField(null=True)
    received_by = LegacyForeignKeyField(User, column_name="received_by_id", backref="+", null=True)
    removed_on = LegacyDateTimeField(null=True)
    removed_by = LegacyForeignKeyField(User, column_name="removed_by_id", backref="+", null=True)

    class Meta:
        table_name = "shipment_detail"
