"""Every model of the legacy schema, in dependency order, and schema creation."""

from __future__ import annotations

import peewee

from .agreement.models import TransferAgreement, TransferAgreementDetail
from .base.models import Base
from .beneficiary.models import Beneficiary, BeneficiaryLanguage, Language, Transaction
from .box.models import Box
from .distribution.models import (
    DistributionEvent,
    DistributionEventsTrackingEntry,
    DistributionEventsTrackingGroup,
    PackingListEntry,
    UnboxedItemsCollection,
)
from .history.models import HistoryEntry
from .link.models import ShareableLink
from .location.models import BoxState, Location
from .organisation.models import Organisation
from .product.models import (
    Product,
    ProductCategory,
    ProductGender,
    Size,
    SizeRange,
    SizeRangeSize,
    StandardProduct,
    Unit,
)
from .qr.models import QrCode
from .shipment.models import Shipment, ShipmentDetail
from .statistics.models import Service, ServicesRelation
from .tag.models import Tag, TagsRelation
from .user.models import (
    CmsFunction,
    User,
    Usergroup,
    UsergroupAccessLevel,
    UsergroupBaseAccess,
    UsergroupFunction,
    UsergroupRole,
)

ALL_MODELS: list[type[peewee.Model]] = [
    UsergroupAccessLevel,
    Usergroup,
    User,
    UsergroupBaseAccess,
    UsergroupRole,
    CmsFunction,
    UsergroupFunction,
    Organisation,
    Base,
    BoxState,
    Location,
    ProductCategory,
    ProductGender,
    SizeRange,
    Size,
    SizeRangeSize,
    Unit,
    StandardProduct,
    Product,
    Tag,
    TagsRelation,
    QrCode,
    DistributionEventsTrackingGroup,
    DistributionEvent,
    PackingListEntry,
    DistributionEventsTrackingEntry,
    UnboxedItemsCollection,
    Box,
    HistoryEntry,
    Language,
    Beneficiary,
    BeneficiaryLanguage,
    Transaction,
    TransferAgreement,
    TransferAgreementDetail,
    Shipment,
    ShipmentDetail,
    ShareableLink,
    Service,
    ServicesRelation,
]


def create_schema(database) -> None:
    """Create every table that does not exist yet, with its indexes and foreign keys.

    `database` is the routing proxy the models are bound to, or any other database
    (a scratch one in tests); the models are not rebound to it.
    """
    connected_here = database.is_closed()
    if connected_here:
        database.connect()
    try:
        # Foreign keys only point downwards (upward references are plain ids), so in
        # dependency order the tables are created with foreign key checks on.
        for model in peewee.sort_models(ALL_MODELS):
            if not database.table_exists(model._meta.table_name):
                peewee.SchemaManager(model, database).create_all(safe=True)
    finally:
        if connected_here:
            database.close()
