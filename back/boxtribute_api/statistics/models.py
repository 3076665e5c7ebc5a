"""Services that beneficiaries use (tables services, services_relations): the
statistics count a service used as a way a beneficiary was reached."""

from peewee import CharField, IntegerField, TextField

from ..base.models import Base
from ..beneficiary.models import Beneficiary
from ..db.fields import BaseModel, LegacyDateTimeField, LegacyForeignKeyField, UnsignedAutoField
from ..user.models import User

__all__ = ["Service", "ServicesRelation"]


class Service(BaseModel):
    id = UnsignedAutoField()
    label = CharField(max_length=255)
    description = TextField()
    base = LegacyForeignKeyField(Base, column_name="camp_id", backref="+")
    deleted_on = LegacyDateTimeField(column_name="deleted", null=True)
    deleted_by = LegacyForeignKeyField(User, column_name="deleted_by", backref="+", null=True)
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )
    seq = IntegerField(null=True)

    class Meta:
        table_name = "services"


class ServicesRelation(BaseModel):
    id = UnsignedAutoField()
    beneficiary = LegacyForeignKeyField(Beneficiary, column_name="people_id", backref="+")
    service = LegacyForeignKeyField(Service, column_name="service_id", backref="+")
    created_on = LegacyDateTimeField(column_name="created")
    created_by = LegacyForeignKeyField(
        User, column_name="created_by", backref="+", null=True, on_delete="SET NULL"
    )

    class Meta:
        table_name = "services_relations"
