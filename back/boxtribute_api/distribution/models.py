"""Mobile distribution events (tables distro_events*).

Sits below box: stock.distro_event_id references distro_events, and nothing here
references stock.
"""

from peewee import CharField, IntegerField, TextField

from ..base.models import Base
from ..db.fields import (
    BaseModel,
    LegacyDateTimeField,
    LegacyForeignKeyField,
    UnsignedAutoField,
    column_default,
)
from ..location.models import BoxState, Location
from ..product.models import Product, Size
from ..user.models import User

__all__ = [
    "DistributionEvent",
    "DistributionEventsTrackingEntry",
    "DistributionEventsTrackingGroup",
    "PackingListEntry",
    "UnboxedItemsCollection",
]


class DistributionEventsTrackingGroup(BaseModel):
    id = UnsignedAutoField()
    group_name = CharField(max_length=255, null=True)
    base = LegacyForeignKeyField(Base, column_name="base_id", backref="+")
    # 'In Progress' or 'Completed' (GraphQL InProgress, Completed)
    state = CharField(max_length=255, index=True, **column_default("In Progress"))
    created_on = LegacyDateTimeField(index=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified_on", null=True, index=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )

    class Meta:
        table_name = "distro_events_tracking_groups"


class DistributionEvent(BaseModel):
    id = UnsignedAutoField()
    name = CharField(max_length=255, null=True)
    planned_start_date_time = LegacyDateTimeField(index=True)
    planned_end_date_time = LegacyDateTimeField(index=True)
    distribution_spot = LegacyForeignKeyField(Location, column_name="location_id", backref="+")
    distribution_events_tracking_group = LegacyForeignKeyField(
        DistributionEventsTrackingGroup,
        column_name="distro_event_tracking_group_id",
        backref="+",
        null=True,
    )
    state = CharField(max_length=255, index=True, **column_default("Planning"))
    created_on = LegacyDateTimeField(index=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    deleted_on = LegacyDateTimeField(null=True, index=True)
    last_modified_on = LegacyDateTimeField(column_name="modified_on", null=True, index=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )

    class Meta:
        table_name = "distro_events"


class PackingListEntry(BaseModel):
    id = UnsignedAutoField()
    product = LegacyForeignKeyField(Product, column_name="product_id", backref="+")
    number_of_items = IntegerField()
    size = LegacyForeignKeyField(Size, column_name="size_id", backref="+")
    distribution_event = LegacyForeignKeyField(
        DistributionEvent, column_name="distro_event_id", backref="+"
    )
    state = CharField(max_length=255, index=True)
    created_on = LegacyDateTimeField(index=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified_on", null=True, index=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )

    class Meta:
        table_name = "distro_events_packing_list_entries"


class DistributionEventsTrackingEntry(BaseModel):
    id = UnsignedAutoField()
    product = LegacyForeignKeyField(Product, column_name="product_id", backref="+")
    number_of_items = IntegerField()
    size = LegacyForeignKeyField(Size, column_name="size_id", backref="+")
    location = LegacyForeignKeyField(Location, column_name="location_id", backref="+", null=True)
    flow_direction = CharField(max_length=255, null=True, index=True)
    distribution_events_tracking_group = LegacyForeignKeyField(
        DistributionEventsTrackingGroup,
        column_name="distro_event_tracking_group_id",
        backref="+",
        null=True,
    )
    date_time_of_tracking = LegacyDateTimeField(column_name="date", index=True)
    details = TextField(null=True)

    class Meta:
        table_name = "distro_events_tracking_logs"


class UnboxedItemsCollection(BaseModel):
    id = UnsignedAutoField()
    product = LegacyForeignKeyField(Product, column_name="product_id", backref="+")
    number_of_items = IntegerField()
    size = LegacyForeignKeyField(Size, column_name="size_id", backref="+")
    distribution_event = LegacyForeignKeyField(
        DistributionEvent, column_name="distro_event_id", backref="+"
    )
    location = LegacyForeignKeyField(Location, column_name="location_id", backref="+")
    box_state = LegacyForeignKeyField(
        BoxState, column_name="box_state_id", backref="+", **column_default(1)
    )
    comment = CharField(column_name="comments", max_length=255, null=True)
    created_on = LegacyDateTimeField(index=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified_on", null=True, index=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )

    class Meta:
        table_name = "distro_events_unboxed_item_collections"
