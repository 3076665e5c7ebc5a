"""QR codes printed on box labels (table qr)."""

from peewee import CharField, IntegerField

from ..db.fields import BaseModel, LegacyDateTimeField, UnsignedAutoField, column_default

__all__ = ["QrCode"]


class QrCode(BaseModel):
    id = UnsignedAutoField()
    code = CharField(max_length=255, null=True)
    created_on = LegacyDateTimeField(column_name="created", null=True)
    legacy = IntegerField(**column_default(0))

    class Meta:
        table_name = "qr"
        indexes = ((("code", "legacy"), True),)
