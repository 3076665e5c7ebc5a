"""Transfer agreements between organisations (tables transfer_agreement,
transfer_agreement_detail).

Sits below shipment: shipment.transfer_agreement_id references transfer_agreement.
"""

from peewee import CharField, TextField

from ..base.models import Base
from ..db.fields import (
    BaseModel,
    LegacyDateTimeField,
    LegacyForeignKeyField,
    UnsignedAutoField,
    column_default,
)
from ..organisation.models import Organisation
from ..user.models import User

__all__ = ["TransferAgreement", "TransferAgreementDetail"]


class TransferAgreement(BaseModel):
    id = UnsignedAutoField()
    source_organisation = LegacyForeignKeyField(
        Organisation, column_name="source_organisation_id", backref="+"
    )
    target_organisation = LegacyForeignKeyField(
        Organisation, column_name="target_organisation_id", backref="+"
    )
    state = CharField(max_length=255, **column_default("UnderReview"))
    type = CharField(max_length=255)
    requested_on = LegacyDateTimeField()
    requested_by = LegacyForeignKeyField(User, column_name="requested_by", backref="+")
    accepted_on = LegacyDateTimeField(null=True)
    accepted_by = LegacyForeignKeyField(User, column_name="accepted_by", backref="+", null=True)
    terminated_on = LegacyDateTimeField(null=True)
    terminated_by = LegacyForeignKeyField(User, column_name="terminated_by", backref="+", null=True)
    valid_from = LegacyDateTimeField()
    valid_until = LegacyDateTimeField(null=True)
    comment = TextField(null=True)

    class Meta:
        table_name = "transfer_agreement"


class TransferAgreementDetail(BaseModel):
    """One (source base, target base) pair an agreement covers."""

    id = UnsignedAutoField()
    transfer_agreement = LegacyForeignKeyField(
        TransferAgreement, column_name="transfer_agreement_id", backref="+"
    )
    source_base = LegacyForeignKeyField(Base, column_name="source_base_id", backref="+", null=True)
    target_base = LegacyForeignKeyField(Base, column_name="target_base_id", backref="+", null=True)

    class Meta:
        table_name = "transfer_agreement_detail"
