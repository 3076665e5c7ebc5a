"""Bases (table camps)."""

import datetime

from peewee import BooleanField, CharField, IntegerField

from ..db.fields import (
    BaseModel,
    LegacyDateField,
    LegacyDateTimeField,
    LegacyForeignKeyField,
    UnsignedAutoField,
    column_default,
)
from ..organisation.models import Organisation
from ..user.models import User

__all__ = ["Base"]


class Base(BaseModel):
    id = UnsignedAutoField()
    name = CharField(max_length=255, null=True)
    organisation = LegacyForeignKeyField(Organisation, column_name="organisation_id", backref="+")
    seq = IntegerField()
    monetary_currency_code = CharField(max_length=15, **column_default("EUR"))
    freeshop_currency_name = CharField(
        column_name="currencyname", max_length=255, **column_default("Tokens")
    )
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )
    deleted_on = LegacyDateTimeField(column_name="deleted", null=True)

    # Settings of the legacy dropapp features (free shop, laundry, workshop, ...).
    id_card = BooleanField(column_name="idcard", **column_default(False))
    laundry = BooleanField(**column_default(False))
    laundry_cycle_start = LegacyDateField(
        column_name="laundry_cyclestart", null=True, **column_default(datetime.date(2019, 1, 1))
    )
    market = BooleanField(**column_default(True))
    max_food_drops_adult = IntegerField(
        column_name="maxfooddrops_adult", null=True, **column_default(25)
    )
    max_food_drops_child = IntegerField(
        column_name="maxfooddrops_child", null=True, **column_default(25)
    )
    schedule_break = CharField(column_name="schedulebreak", max_length=255, **column_default("1"))
    schedule_break_duration = CharField(
        column_name="schedulebreakduration", max_length=255, **column_default("1")
    )
    schedule_break_start = CharField(
        column_name="schedulebreakstart", max_length=255, **column_default("13:00")
    )
    schedule_start = CharField(
        column_name="schedulestart", max_length=255, **column_default("11:00")
    )
    schedule_stop = CharField(column_name="schedulestop", max_length=255, **column_default("17:00"))
    schedule_timeslot = CharField(
        column_name="scheduletimeslot", max_length=255, **column_default("0.5")
    )
    workshop = BooleanField(**column_default(False))
    adult_age = IntegerField(**column_default(15))
    bicycle = BooleanField(**column_default(False))
    bicycle_closing_time = CharField(
        column_name="bicycle_closingtime", max_length=255, null=True, **column_default("17:30")
    )
    bicycle_closing_time_saturday = CharField(
        column_name="bicycle_closingtime_saturday",
        max_length=255,
        null=True,
        **column_default("16:30"),
    )
    bicycle_rent_time = IntegerField(column_name="bicyclerenttime", **column_default(120))
    cycle_start = LegacyDateTimeField(
        column_name="cyclestart",
        null=True,
        **column_default(datetime.datetime(2019, 1, 1)),
    )
    days_to_keep_deleted_persons = IntegerField(
        column_name="daystokeepdeletedpersons", null=True, **column_default(9999)
    )
    delete_inactive_users = IntegerField(**column_default(30))
    drop_cap_adult = IntegerField(column_name="dropcapadult", **column_default(99999))
    drop_cap_child = IntegerField(column_name="dropcapchild", **column_default(99999))
    drops_per_adult = CharField(
        column_name="dropsperadult", max_length=255, **column_default("100")
    )
    drops_per_child = CharField(
        column_name="dropsperchild", max_length=255, **column_default("100")
    )
    extra_portion = BooleanField(column_name="extraportion", null=True, **column_default(False))
    family_identifier = CharField(
        column_name="familyidentifier", max_length=255, **column_default("Container")
    )
    food = BooleanField(**column_default(False))
    reset_tokens = BooleanField(column_name="resettokens", null=True, **column_default(False))
    beneficiary_is_registered = BooleanField(
        column_name="beneficiaryisregistered", **column_default(True)
    )
    beneficiary_is_volunteer = BooleanField(
        column_name="beneficiaryisvolunteer", **column_default(True)
    )
    separate_shop_and_warehouse_products = BooleanField(
        column_name="separateshopandwhproducts", **column_default(False)
    )
    email_enabled = BooleanField(**column_default(False))
    phone_enabled = BooleanField(**column_default(False))
    additional_field1_enabled = BooleanField(**column_default(False))
    additional_field2_enabled = BooleanField(**column_default(False))
    additional_field3_enabled = BooleanField(**column_default(False))
    additional_field4_enabled = BooleanField(**column_default(False))
    additional_field1_label = CharField(max_length=255, null=True)
    additional_field2_label = CharField(max_length=255, null=True)
    additional_field3_label = CharField(max_length=255, null=True)
    additional_field4_label = CharField(max_length=255, null=True)

    class Meta:
        table_name = "camps"
