"""Products and what describes them (tables product_categories, products, genders,
sizegroup, sizes, sizes_sizegroup, units, standard_product).
"""

from peewee import BooleanField, CharField, CompositeKey, IntegerField

from ..base.models import Base
from ..db.fields import (
    BaseModel,
    LegacyDateTimeField,
    LegacyForeignKeyField,
    UnsignedAutoField,
    UnsignedDecimalField,
    column_default,
)
from ..user.models import User

__all__ = [
    "Product",
    "ProductCategory",
    "ProductGender",
    "Size",
    "SizeRange",
    "SizeRangeSize",
    "StandardProduct",
    "Unit",
]


class ProductCategory(BaseModel):
    id = UnsignedAutoField()
    name = CharField(column_name="label", max_length=255)
    seq = IntegerField(**column_default(0))
    parent = LegacyForeignKeyField("self", column_name="parent_id", backref="+", null=True)

    class Meta:
        table_name = "product_categories"


class ProductGender(BaseModel):
    """One row per value of the GraphQL enum ProductGender (by id, not by label)."""

    id = UnsignedAutoField()
    label = CharField(max_length=20)
    short_label = CharField(column_name="shortlabel", max_length=255, null=True)
    seq = IntegerField(null=True)
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )
    male = BooleanField(**column_default(False))
    female = BooleanField(**column_default(False))
    adult = BooleanField(**column_default(False))
    child = BooleanField(**column_default(False))
    baby = BooleanField(**column_default(False))
    color = CharField(max_length=20)

    class Meta:
        table_name = "genders"


class SizeRange(BaseModel):
    """A size group; also a measure dimension (mass, volume) that units belong to."""

    id = UnsignedAutoField()
    # SizeRange.name and SizeRange.label
    label = CharField(max_length=255)
    seq = IntegerField(null=True)

    class Meta:
        table_name = "sizegroup"


class Size(BaseModel):
    id = UnsignedAutoField()
    # Size.name and Size.label
    label = CharField(max_length=20)

    class Meta:
        table_name = "sizes"


class SizeRangeSize(BaseModel):
    """Which sizes a size range has, in order (sizes has no sizegroup_id)."""

    size = LegacyForeignKeyField(Size, column_name="size_id", backref="+", on_delete="CASCADE")
    size_range = LegacyForeignKeyField(
        SizeRange, column_name="sizegroup_id", backref="+", on_delete="CASCADE"
    )
    seq = IntegerField(null=True)

    class Meta:
        table_name = "sizes_sizegroup"
        primary_key = CompositeKey("size", "size_range")


class Unit(BaseModel):
    id = UnsignedAutoField()
    name = CharField(max_length=255)
    symbol = CharField(max_length=255)
    conversion_factor = UnsignedDecimalField(max_digits=36, decimal_places=18)
    dimension = LegacyForeignKeyField(SizeRange, column_name="dimension_id", backref="+")

    class Meta:
        table_name = "units"


class StandardProduct(BaseModel):
    id = UnsignedAutoField()
    name = CharField(max_length=255)
    category = LegacyForeignKeyField(ProductCategory, column_name="category_id", backref="+")
    gender = LegacyForeignKeyField(ProductGender, column_name="gender_id", backref="+")
    size_range = LegacyForeignKeyField(SizeRange, column_name="size_range_id", backref="+")
    version = IntegerField()
    added_on = LegacyDateTimeField()
    added_by = LegacyForeignKeyField(User, column_name="added_by", backref="+", null=True)
    deprecated_on = LegacyDateTimeField(null=True)
    deprecated_by = LegacyForeignKeyField(User, column_name="deprecated_by", backref="+", null=True)
    preceded_by_product = LegacyForeignKeyField(
        "self", column_name="preceded_by_product_id", backref="+", null=True
    )
    superceded_by_product = LegacyForeignKeyField(
        "self", column_name="superceded_by_product_id", backref="+", null=True
    )

    class Meta:
        table_name = "standard_product"


class Product(BaseModel):
    id = UnsignedAutoField()
    name = CharField(max_length=255)
    category = LegacyForeignKeyField(ProductCategory, column_name="category_id", backref="+")
    gender = LegacyForeignKeyField(ProductGender, column_name="gender_id", backref="+")
    size_range = LegacyForeignKeyField(SizeRange, column_name="sizegroup_id", backref="+")
    base = LegacyForeignKeyField(Base, column_name="camp_id", backref="+")
    price = IntegerField(column_name="value", **column_default(0))
    created_on = LegacyDateTimeField(column_name="created", null=True)
    created_by = LegacyForeignKeyField(User, column_name="created_by", backref="+", null=True)
    last_modified_on = LegacyDateTimeField(column_name="modified", null=True)
    last_modified_by = LegacyForeignKeyField(
        User, column_name="modified_by", backref="+", null=True
    )
    max_per_adult = IntegerField(column_name="maxperadult", null=True)
    max_per_child = IntegerField(column_name="maxperchild", null=True)
    in_shop = BooleanField(column_name="stockincontainer", **column_default(False))
    comment = CharField(column_name="comments", max_length=255, null=True)
    deleted_on = LegacyDateTimeField(column_name="deleted", null=True)
    standard_product = LegacyForeignKeyField(
        StandardProduct, column_name="standard_product_id", backref="+", null=True
    )

    class Meta:
        table_name = "products"
