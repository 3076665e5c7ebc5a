"""Beneficiaries, their languages and free-shop transactions (tables people,
languages, x_people_languages, transactions).
"""

from peewee import BooleanField, CharField, CompositeKey, IntegerField, TextField

from ..base.models import Base
from ..db.fields import (
    BaseModel,
    LegacyDateField,
    LegacyDateTimeField,
    LegacyForeignKeyField,
    UnsignedAutoField,
    column_default,
)
from ..product.models import Product
from ..user.models import User

__all__ = ["Beneficiary", "BeneficiaryLanguage", "Language", "Transaction"]


class Language(BaseModel):
    """The rows with a `code` (nl, en, fr, de, ar, ckb) are the GraphQL enum Language."""

    id = UnsignedAutoField()
    visible = BooleanField(**column_default(True))
    code = CharField(max_length=255, null=True)
    locale = CharField(max_length=255, null=True)
    name = CharField(max_length=255, null=True)
    strftime_dateformat = CharField(max_length=255, null=True)
    smarty_dateformat = CharField(max_length=255, null=True)
    seq = IntegerField(null=True)
    rtl = BooleanField()

    class Meta:
        table_name = "languages"


class Beneficiary(BaseModel):
    id = UnsignedAutoField()
    family_head = LegacyForeignKeyField(
        "self", column_name="parent_id", backref="+", null=True, on_delete="SET NULL"
    )
    seq = IntegerField()
    first_name = CharField(column_name="firstname", max_length=255, **column_default(""))
    last_name = CharField(column_name="lastname", max_length=255, **column_default(""))
    date_of_birth = LegacyDateField(null=True)
    # 'M', 'F' or '' (GraphQL HumanGender Male, Female, Diverse)
    gender = CharField(max_length=255, **column_default(""))
    family_id = IntegerField()
    visible = IntegerField(**column_default(1))
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )
    url = IntegerField(null=True)
    group_identifier = CharField(
        column_name="container", max_length=255, index=True, **column_default("")
    )
    tent = CharField(max_length=255, **column_default(""))
    email = CharField(max_length=255, **column_default(""))
    password = CharField(column_name="pass", max_length=255, **column_default(""))
    # A signed int without a foreign key, unlike cms_users.language.
    language = IntegerField(**column_default(5))
    reset_password = CharField(column_name="resetpassword", max_length=255, null=True)
    comment = TextField(column_name="comments", null=True)
    workshop_training = IntegerField(column_name="workshoptraining", **column_default(0))
    workshop_supervisor = IntegerField(column_name="workshopsupervisor", **column_default(0))
    phone_number = CharField(column_name="phone", max_length=255, null=True)
    bicycle_training = IntegerField(column_name="bicycletraining", **column_default(0))
    base = LegacyForeignKeyField(Base, column_name="camp_id", backref="+")
    # NOT NULL without a default: an active beneficiary has the zero date (read as None).
    deleted_on = LegacyDateTimeField(column_name="deleted")
    extra_portion = IntegerField(column_name="extraportion", **column_default(0))
    not_registered = BooleanField(column_name="notregistered", **column_default(False))
    workshop_ban = LegacyDateField(column_name="workshopban", null=True)
    bicycle_ban = LegacyDateField(column_name="bicycleban", null=True)
    # NOT NULL without a default: inserts have to give them ('' at least).
    bicycle_ban_comment = TextField(column_name="bicyclebancomment")
    workshop_ban_comment = TextField(column_name="workshopbancomment")
    is_volunteer = BooleanField(column_name="volunteer", **column_default(False))
    laundry_block = BooleanField(column_name="laundryblock", **column_default(False))
    laundry_comment = CharField(column_name="laundrycomment", max_length=255, null=True)
    signed = BooleanField(column_name="approvalsigned", **column_default(False))
    signature = TextField(column_name="signaturefield", null=True)
    date_of_signature = LegacyDateTimeField(**column_default("0000-00-00 00:00:00"))
    custom_field1_value = CharField(column_name="customfield1_value", max_length=255, null=True)
    custom_field2_value = CharField(column_name="customfield2_value", max_length=255, null=True)
    custom_field3_value = CharField(column_name="customfield3_value", max_length=255, null=True)
    custom_field4_value = LegacyDateTimeField(column_name="customfield4_value", null=True)

    class Meta:
        table_name = "people"


class BeneficiaryLanguage(BaseModel):
    beneficiary = LegacyForeignKeyField(
        Beneficiary, column_name="people_id", backref="+", on_delete="CASCADE"
    )
    language = LegacyForeignKeyField(
        Language, column_name="language_id", backref="+", on_delete="CASCADE"
    )

    class Meta:
        table_name = "x_people_languages"
        primary_key = CompositeKey("beneficiary", "language")


class Transaction(BaseModel):
    id = UnsignedAutoField()
    beneficiary = LegacyForeignKeyField(
        Beneficiary, column_name="people_id", backref="+", null=True, on_delete="SET NULL"
    )
    product = LegacyForeignKeyField(Product, column_name="product_id", backref="+", null=True)
    count = IntegerField()
    description = CharField(max_length=255)
    tokens = IntegerField(column_name="drops", **column_default(0))
    transaction_date = LegacyDateTimeField(index=True)
    user = LegacyForeignKeyField(User, column_name="user_id", backref="+", null=True)
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )

    class Meta:
        table_name = "transactions"
