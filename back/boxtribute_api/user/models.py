"""Users and their usergroups (tables cms_users, cms_usergroups*, cms_functions).

The lowest domain: everything else may reference User. References from here to
higher domains (organisations, camps, languages) are plain id columns.
"""

from peewee import BooleanField, CharField, CompositeKey, IntegerField

from ..db.fields import (
    BaseModel,
    LegacyDateField,
    LegacyDateTimeField,
    LegacyForeignKeyField,
    UnsignedAutoField,
    UnsignedIntegerField,
    column_default,
)

__all__ = [
    "CmsFunction",
    "User",
    "Usergroup",
    "UsergroupAccessLevel",
    "UsergroupBaseAccess",
    "UsergroupFunction",
    "UsergroupRole",
]


class UsergroupAccessLevel(BaseModel):
    id = UnsignedAutoField()
    level = IntegerField(null=True)
    label = CharField(max_length=255)
    short_label = CharField(column_name="shortlabel", max_length=20, null=True)

    class Meta:
        table_name = "cms_usergroups_levels"


class Usergroup(BaseModel):
    id = UnsignedAutoField()
    label = CharField(max_length=255)
    created_on = LegacyDateTimeField(column_name="created", null=True)
    # cms_users references cms_usergroups: User is defined below, so these stay ids.
    created_by_id = UnsignedIntegerField(column_name="created_by", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by_id = UnsignedIntegerField(column_name="modified_by", null=True)
    organisation_id = UnsignedIntegerField(column_name="organisation_id", index=True)
    level = LegacyForeignKeyField(UsergroupAccessLevel, column_name="userlevel", backref="+")
    allow_laundry_startcycle = BooleanField(**column_default(False))
    allow_laundry_block = BooleanField(**column_default(False))
    allow_borrow_adddelete = BooleanField()
    deleted_on = LegacyDateTimeField(column_name="deleted", null=True)

    class Meta:
        table_name = "cms_usergroups"


class User(BaseModel):
    id = UnsignedAutoField()
    password = CharField(column_name="pass", max_length=40, **column_default(""))
    name = CharField(column_name="naam", max_length=100, **column_default(""))
    email = CharField(max_length=255, null=True, unique=True)
    is_admin = BooleanField(**column_default(False))
    last_login = LegacyDateTimeField(column_name="lastlogin")
    last_action = LegacyDateTimeField(column_name="lastaction")
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField("self", column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        "self", column_name="modified_by", backref="+", null=True
    )
    reset_password = CharField(column_name="resetpassword", max_length=255, null=True)
    # languages lives in the beneficiary domain.
    language_id = UnsignedIntegerField(column_name="language", null=True, index=True)
    deleted_on = LegacyDateTimeField(column_name="deleted")
    usergroup = LegacyForeignKeyField(
        Usergroup, column_name="cms_usergroups_id", backref="+", null=True
    )
    valid_first_day = LegacyDateField(column_name="valid_firstday", null=True)
    valid_last_day = LegacyDateField(column_name="valid_lastday", null=True)

    class Meta:
        table_name = "cms_users"


class UsergroupBaseAccess(BaseModel):
    # camps lives in the base domain.
    base_id = UnsignedIntegerField(column_name="camp_id", index=True)
    usergroup = LegacyForeignKeyField(
        Usergroup, column_name="cms_usergroups_id", backref="+", on_delete="CASCADE"
    )

    class Meta:
        table_name = "cms_usergroups_camps"
        primary_key = CompositeKey("base_id", "usergroup")


class UsergroupRole(BaseModel):
    usergroup = LegacyForeignKeyField(
        Usergroup, column_name="cms_usergroups_id", backref="+", on_delete="CASCADE"
    )
    auth0_role_id = CharField(max_length=255)
    auth0_role_name = CharField(max_length=255)

    class Meta:
        table_name = "cms_usergroups_roles"
        primary_key = CompositeKey("usergroup", "auth0_role_id")


class CmsFunction(BaseModel):
    id = UnsignedAutoField()
    parent = LegacyForeignKeyField("self", column_name="parent_id", backref="+", null=True)
    title_en = CharField(max_length=255, **column_default(""))
    include = CharField(max_length=255, **column_default(""))
    seq = IntegerField(**column_default(0))
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )
    alert = IntegerField(**column_default(0))
    admin_only = BooleanField(column_name="adminonly", **column_default(False))
    visible = BooleanField()
    all_users = BooleanField(column_name="allusers", **column_default(False))
    all_camps = BooleanField(column_name="allcamps", **column_default(False))
    action_permissions = CharField(max_length=255, null=True)

    class Meta:
        table_name = "cms_functions"


class UsergroupFunction(BaseModel):
    function = LegacyForeignKeyField(
        CmsFunction, column_name="cms_functions_id", backref="+", on_delete="CASCADE"
    )
    usergroup = LegacyForeignKeyField(
        Usergroup, column_name="cms_usergroups_id", backref="+", on_delete="CASCADE"
    )

    class Meta:
        table_name = "cms_usergroups_functions"
        primary_key = CompositeKey("function", "usergroup")
