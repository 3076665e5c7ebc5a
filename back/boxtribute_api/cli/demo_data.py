"""A deterministic demo world for development and tests, written into an empty schema.

    generate_demo_database(settings, boxes_in_main_base=300, seed=DEFAULT_SEED)

creates the tables from our models (where missing) in `settings.database.name`,
routes the models there (`configure_databases`) and fills them. The same seed and
box count always give the same rows: every random choice comes from one seeded
`random.Random` (and a Faker seeded from it), and every timestamp lies in a fixed
past window, never relative to today.

What the world guarantees (tests rely on it; find concrete rows by querying):
* organisation 1 "BoxAid" with bases 1 "Lesvos" and 2 "Thessaloniki"; organisation 2
  "BoxCare" with bases 3 "Samos" and 4 "Athens"; organisation 3 (deleted) with the
  deleted base 5.
* users with predictable ids and e-mails (see `DEMO_USERS`), each in a usergroup with
  bases and Auth0 role names shaped like the original's dev seed.
* global box states, genders, product categories, size ranges with sizes, units,
  standard products; per base: warehouse locations (one deleted, one defaulting to
  Donated), custom and standard-instantiation products (one deleted), tags of each
  type (one deleted), beneficiaries.
* QR codes (some unassigned), boxes in every state with history rows and tags (and
  one box in base 2 without any history, tag or QR code); transfer agreements
  between organisations 1 and 2 in several states; shipments in every state.

Base 1 gets exactly `boxes_in_main_base` boxes created in it (some of them later
travel to other bases by shipment).
"""

from __future__ import annotations

import datetime
import hashlib
import random
import sys
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

import peewee

from ..config import Settings
from ..db.routing import configure_databases, connection_scope, database
from ..models import ALL_MODELS, create_schema

DEFAULT_SEED = 20240601
MIN_BOXES_IN_MAIN_BASE = 60
EMAIL_DOMAIN = "demo.boxtribute.org"
BATCH_SIZE = 1000

# Every timestamp lies between these (UTC, naive like the legacy columns).
WORLD_START = datetime.datetime(2024, 1, 8, 9, 0, 0)
BOXES_START = datetime.datetime(2024, 2, 1, 8, 0, 0)
BOXES_END = datetime.datetime(2025, 1, 31, 18, 0, 0)
AGREEMENTS_START = datetime.datetime(2024, 11, 4, 10, 0, 0)
SHIPMENTS_START = datetime.datetime(2025, 2, 3, 9, 0, 0)

# --- fixed vocabulary ------------------------------------------------------------------

ORGANISATIONS = [(1, "BoxAid", None), (2, "BoxCare", None), (3, "ClosedAid", "2024-06-30 17:00:00")]
BASES = [  # id, name, organisation id, deleted
    (1, "Lesvos", 1, None),
    (2, "Thessaloniki", 1, None),
    (3, "Samos", 2, None),
    (4, "Athens", 2, None),
    (5, "Chios", 3, "2024-06-30 17:00:00"),
]
ACTIVE_BASES = [1, 2, 3, 4]
ORGANISATION_BASES = {1: [1, 2], 2: [3, 4], 3: [5]}

# box_state rows: ids are the GraphQL BoxState values, labels as the legacy app wrote them.
BOX_STATES = [
    (1, "Instock"),
    (2, "Lost"),
    (3, "MarkedForShipment"),
    (4, "Receiving"),
    (5, "Donated"),
    (6, "Scrap"),
    (7, "InTransit"),
    (8, "NotDelivered"),
]
INSTOCK, LOST, MARKED, RECEIVING, DONATED, SCRAP, IN_TRANSIT, NOT_DELIVERED = range(1, 9)

# genders: id -> (label, short label, seq, male, female, adult, child, baby); the ids
# are the GraphQL ProductGender values (there is no 11).
GENDERS = {
    1: ("Female", "Female", 1, 0, 1, 1, 0, 0),
    2: ("Male", "Male", 2, 1, 0, 1, 0, 0),
    3: ("Unisex Adult", "Unisex", 3, 1, 1, 1, 0, 0),
    4: ("Girl", "Girl", 4, 0, 1, 0, 1, 0),
    5: ("Boy", "Boy", 5, 1, 0, 0, 1, 0),
    6: ("Unisex Kid", "Kid", 7, 1, 1, 0, 1, 0),
    7: ("Baby Girl", "Girl", 8, 0, 1, 0, 0, 1),
    8: ("Baby Boy", "Boy", 8, 1, 0, 0, 0, 1),
    9: ("Unisex Baby", "Baby", 8, 1, 1, 0, 0, 1),
    10: ("-", None, 0, 1, 1, 1, 1, 1),
    12: ("Teen Girl", "Girl", 4, 0, 1, 1, 0, 0),
    13: ("Teen Boy", "Boy", 5, 1, 0, 1, 0, 0),
}
NO_GENDER = 10

# product_categories: id, label, seq, parent id
CATEGORIES = [
    (1, "Clothing", 1, None),
    (2, "Underwear / Nightwear", 11, 1),
    (3, "Bottoms", 12, 1),
    (4, "Tops", 13, 1),
    (5, "Shoes", 14, 1),
    (6, "Jackets / Outerwear", 15, 1),
    (7, "Accessories", 16, 1),
    (8, "Baby", 17, 1),
    (9, "Hygiene", 2, None),
    (10, "Food & Kitchen", 3, None),
    (11, "Equipment", 4, None),
    (12, "Shelter", 5, None),
    (13, "Toys & Games", 41, 11),
    (14, "Other", 6, None),
]

MASS, VOLUME = 28, 29
# sizegroup: id, label, seq, size labels in display order. Size ids are given in order
# of first appearance, so "XS" gets a higher id than S/M/L: the display order follows
# sizes_sizegroup.seq, not the size id.
SIZE_RANGES = [
    (1, "S, M, L, XL", 1, ["S", "M", "L", "XL"]),
    (2, "XS, S, M, L, XL, XXL", 2, ["XS", "S", "M", "L", "XL", "XXL", "Mixed"]),
    (3, "One size", 30, ["One size"]),
    (4, "Mixed sizes", 31, ["Mixed"]),
    (
        5,
        "Children by year (2-4, 5-7, 8-10, 11-14)",
        9,
        ["2-4 years", "5-7 years", "8-10 years", "11-14 years", "Mixed"],
    ),
    (6, "Baby by month (0-6, 7-12, 13-24)", 18, ["0-6 months", "7-12 months", "13-24 months"]),
    (7, "Shoe sizes adult", 40, ["38 and smaller", "39", "40", "41", "42", "43", "44 and bigger"]),
    (8, "Shoe sizes children", 60, ["<24", "24-27", "28-31", "32-35", "Mixed"]),
    (9, "Singlepack, Multipack", 81, ["Singlepack", "Multipack"]),
    (MASS, "Mass", 3, []),
    (VOLUME, "Volume", 4, []),
]

# units: id, name, symbol, conversion factor from the dimension's base unit, dimension.
# Unit 1 (kilogram) is the column default of stock.weight_display_unit_id.
UNITS = [
    (1, "kilogram", "kg", "1", MASS),
    (2, "liter", "l", "1", VOLUME),
    (3, "milliliter", "ml", "1000", VOLUME),
    (4, "gram", "g", "1000", MASS),
    (5, "milligram", "mg", "1000000", MASS),
    (6, "metric ton", "t", "0.001", MASS),
    (7, "pound", "lb", "2.2046", MASS),
    (8, "ounce", "oz", "35.274", MASS),
    (9, "gallon (US)", "gal (US)", "0.2642", VOLUME),
    (10, "pint (US)", "pt (US)", "2.1134", VOLUME),
    (11, "fluid ounce (US)", "fl oz (US)", "33.814", VOLUME),
]

# standard_product: name, category, gender, size range (ids follow list order from 1)
STANDARD_PRODUCTS = [
    ("T-Shirts", 4, 1, 2),
    ("T-Shirts", 4, 2, 2),
    ("Jeans", 3, 1, 2),
    ("Jeans", 3, 2, 2),
    ("Jumpers", 4, 5, 5),
    ("Jumpers", 4, 4, 5),
    ("Winter Jackets", 6, 3, 2),
    ("Rain Jackets", 6, 6, 5),
    ("Socks", 2, 3, 1),
    ("Underpants", 2, 2, 1),
    ("Sneakers", 5, 3, 7),
    ("Kids Shoes", 5, 6, 8),
    ("Baby Bodysuits", 8, 9, 6),
    ("Baby Blankets", 8, 9, 3),
    ("Hats", 7, 3, 3),
    ("Scarves", 7, 3, 3),
    ("Toothbrushes", 9, NO_GENDER, 9),
    ("Soap", 9, NO_GENDER, 9),
    ("Sanitary Pads", 9, 1, 9),
    ("Diapers", 8, 9, 4),
    ("Rice", 10, NO_GENDER, MASS),
    ("Cooking Oil", 10, NO_GENDER, VOLUME),
    ("Sleeping Bags", 12, NO_GENDER, 3),
    ("Tents", 12, NO_GENDER, 3),
    ("Blankets", 12, NO_GENDER, 3),
    ("Board Games", 13, NO_GENDER, 3),
]

# Custom products of every base: name, category, gender, size range, price.
CUSTOM_PRODUCTS = [
    ("Long Sleeves", 4, 1, 1, 4),
    ("Long Sleeves", 4, 2, 1, 4),
    ("Trousers", 3, 2, 1, 6),
    ("Skirts", 3, 1, 1, 5),
    ("Leggings", 3, 4, 5, 3),
    ("Tracksuits", 3, 13, 2, 8),
    ("Hoodies", 4, 12, 2, 7),
    ("Pyjamas", 2, 6, 5, 3),
    ("Flip Flops", 5, 3, 7, 2),
    ("Gloves", 7, 3, 4, 2),
    ("Shampoo", 9, NO_GENDER, VOLUME, 2),
    ("Lentils", 10, NO_GENDER, MASS, 0),
    ("Flour", 10, NO_GENDER, MASS, 0),
    ("Water Bottles", 10, NO_GENDER, 9, 1),
    ("Footballs", 13, 6, 3, 5),
    ("Mixed Clothing", 1, NO_GENDER, 4, 0),
]
DELETED_CUSTOM_PRODUCT = ("Summer Dresses", 3, 1, 1, 5)
# Which standard products each base instantiates (1-based ids); the first of base 1's
# list is also instantiated a second time and deleted.
STANDARD_INSTANTIATIONS = {
    1: list(range(1, 15)) + [17, 20, 21, 22, 23],
    2: [1, 2, 3, 4, 9, 10, 17, 21],
    3: list(range(1, 11)) + [13, 14, 20, 21, 24],
    4: [3, 4, 5, 6, 7, 8, 11, 12, 25],
}

# locations: name, flags, default box state. Base 1 also gets a distribution spot.
LOCATIONS = [
    ("Stockroom", dict(is_stockroom=True), INSTOCK),
    ("Warehouse A", {}, INSTOCK),
    ("Warehouse B", {}, INSTOCK),
    ("Free Shop", dict(is_shop=True), INSTOCK),
    ("Donated", dict(is_donated=True, visible=False), DONATED),
    ("Lost and Found", dict(is_lost=True, visible=False), LOST),
    ("Scrap", dict(is_scrap=True, visible=False), SCRAP),
    ("Old Warehouse", dict(deleted=True, visible=False), INSTOCK),
]

# tags of every base: type, deleted
TAG_TYPES = [
    ("Stock", False),
    ("Stock", False),
    ("Stock", False),
    ("All", False),
    ("All", False),
    ("People", False),
    ("People", False),
    ("Stock", True),
]
TAG_WORDS = [
    "urgent",
    "winter",
    "summer",
    "new arrival",
    "for repair",
    "donor A",
    "family",
    "vulnerable",
    "needs follow-up",
    "expiring",
    "check quality",
    "reserved",
]

# languages: id, code, locale, name, rtl. Rows with a code are the GraphQL Language values.
LANGUAGES = [
    (1, "nl", "nl_NL", "Dutch", False),
    (2, "en", "en_GB", "English", False),
    (3, "fr", "fr_FR", "French", False),
    (4, "de", "de_DE", "German", False),
    (5, "ar", "ar_AE", "Arabic", True),
    (6, "ckb", "ckb_TR", "Sorani / Central Kurdish", True),
    (7, None, None, "Farsi", True),
    (8, None, None, "Somali", False),
    (9, None, None, "Tigrinya", False),
]

# --- users -------------------------------------------------------------------------------

# Access levels of cms_usergroups_levels.
LEVEL_ADMIN, LEVEL_COORDINATOR, LEVEL_USER = 1, 2, 3

# Per-base usergroups: key (also in e-mails), label suffix, level, Auth0 role suffixes.
BASE_GROUPS = [
    ("coordinator", "Coordinator", LEVEL_COORDINATOR, ["coordinator"]),
    ("volunteer", "Volunteer", LEVEL_USER, ["warehouse_volunteer", "free_shop_volunteer"]),
    ("warehouse-volunteer", "Volunteer (Warehouse)", LEVEL_USER, ["warehouse_volunteer"]),
    ("free-shop-volunteer", "Volunteer (Free Shop)", LEVEL_USER, ["free_shop_volunteer"]),
    ("library-volunteer", "Volunteer (Library)", LEVEL_USER, ["library_volunteer"]),
    ("label-creation", "Label Creation", LEVEL_USER, ["label_creation"]),
]
FIRST_BASE_USER_ID = 8  # user 8 is the coordinator of base 1, as in the original's seed


def base_user_id(base_id: int, key: str) -> int:
    """Id of the demo user holding the per-base role `key` (see BASE_GROUPS)."""
    index = [g[0] for g in BASE_GROUPS].index(key)
    return FIRST_BASE_USER_ID + (base_id - 1) * len(BASE_GROUPS) + index


def demo_email(key: str, base_id: int | None = None, organisation_id: int | None = None) -> str:
    if base_id is not None:
        return f"{key}.base{base_id}@{EMAIL_DOMAIN}"
    if organisation_id is not None:
        return f"{key}.org{organisation_id}@{EMAIL_DOMAIN}"
    return f"{key}@{EMAIL_DOMAIN}"


GOD_USER_ID = 1
HEAD_OF_OPS_USER_IDS = {1: 2, 2: 3, 3: 7}
MULTI_BASE_COORDINATOR_ID = 4  # coordinator of bases 3 and 4
DELETED_USER_ID = 5
EXPIRED_USER_ID = 6


@dataclass
class DemoUser:
    id: int
    name: str
    email: str
    usergroup_id: int
    organisation_id: int
    base_ids: list[int]
    role_names: list[str]
    deleted: bool = False
    valid_last_day: datetime.date | None = None


def _role_id(role_name: str) -> str:
    # Auth0 role ids look like "rol_" + 16 characters; stable per role name.
    digest = hashlib.sha256(role_name.encode()).hexdigest()
    return "rol_" + digest[:16]


def _demo_users() -> tuple[list[dict], list[DemoUser]]:
    """Usergroups (as rows) and users: the same for every seed."""
    groups: list[dict] = []
    users: list[DemoUser] = []

    def group(label, organisation_id, level, base_ids, role_names, deleted=None) -> dict:
        row = dict(
            id=len(groups) + 1,
            label=label,
            organisation_id=organisation_id,
            level=level,
            base_ids=base_ids,
            role_names=role_names,
            deleted=deleted,
        )
        groups.append(row)
        return row

    god = group("Boxtribute God", 1, LEVEL_ADMIN, [], ["boxtribute_god"])
    users.append(
        DemoUser(GOD_USER_ID, "Demo God", demo_email("god"), god["id"], 1, [], ["boxtribute_god"])
    )
    for organisation_id, name, _deleted in ORGANISATIONS:
        bases = ORGANISATION_BASES[organisation_id]
        hoo = group("Head of Operations", organisation_id, LEVEL_ADMIN, bases, ["administrator"])
        users.append(
            DemoUser(
                HEAD_OF_OPS_USER_IDS[organisation_id],
                f"{name} Head of Operations",
                demo_email("headofops", organisation_id=organisation_id),
                hoo["id"],
                organisation_id,
                bases,
                ["administrator"],
            )
        )
    both = [3, 4]
    multi = group(
        "Coordinator", 2, LEVEL_COORDINATOR, both, [f"base_{b}_coordinator" for b in both]
    )
    users.append(
        DemoUser(
            MULTI_BASE_COORDINATOR_ID,
            "Samos and Athens Coordinator",
            demo_email("coordinator", organisation_id=2),
            multi["id"],
            2,
            both,
            multi["role_names"],
        )
    )
    base_groups: dict[tuple[int, str], dict] = {}
    base_names = {b[0]: b[1] for b in BASES}
    for base_id in ACTIVE_BASES:
        organisation_id = next(o for o, bs in ORGANISATION_BASES.items() if base_id in bs)
        for key, suffix, level, roles in BASE_GROUPS:
            row = group(
                f"Base {base_names[base_id]} - {suffix}",
                organisation_id,
                level,
                [base_id],
                [f"base_{base_id}_{r}" for r in roles],
            )
            base_groups[base_id, key] = row
            users.append(
                DemoUser(
                    base_user_id(base_id, key),
                    f"{base_names[base_id]} {suffix}",
                    demo_email(key, base_id=base_id),
                    row["id"],
                    organisation_id,
                    [base_id],
                    row["role_names"],
                )
            )
    volunteer = base_groups[1, "volunteer"]
    users.append(
        DemoUser(
            DELETED_USER_ID,
            "Deleted Volunteer",
            f"deleted.volunteer.base1@{EMAIL_DOMAIN}.deleted.{DELETED_USER_ID}",
            volunteer["id"],
            1,
            [1],
            volunteer["role_names"],
            deleted=True,
        )
    )
    users.append(
        DemoUser(
            EXPIRED_USER_ID,
            "Expired Volunteer",
            demo_email("expired-volunteer", base_id=1),
            volunteer["id"],
            1,
            [1],
            volunteer["role_names"],
            valid_last_day=datetime.date(2024, 6, 30),
        )
    )
    users.sort(key=lambda u: u.id)
    return groups, users


DEMO_USERGROUPS, DEMO_USERS = _demo_users()


# --- generation ---------------------------------------------------------------------------


def _dt(text: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if text else None


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.000000000000000001"))


@dataclass
class BoxDraft:
    """A box while its life is being played: current values plus its history."""

    row: dict
    base_id: int
    measure: bool


@dataclass
class World:
    """Rows per model, written in dependency order at the end."""

    rows: dict = field(default_factory=lambda: defaultdict(list))
    history: list = field(default_factory=list)  # (change_date, seq, row)
    next_ids: dict = field(default_factory=lambda: defaultdict(lambda: 1))

    def new_id(self, model) -> int:
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def add(self, model, /, **values) -> dict:
        if "id" not in values and isinstance(model._meta.primary_key, peewee.AutoField):
            values["id"] = self.new_id(model)
        self.rows[model].append(values)
        return values


class DemoWorldBuilder:
    def __init__(self, seed: int, boxes_in_main_base: int):
        from faker import Faker

        if boxes_in_main_base < MIN_BOXES_IN_MAIN_BASE:
            raise ValueError(f"boxes_in_main_base must be at least {MIN_BOXES_IN_MAIN_BASE}")
        self.seed = seed
        self.boxes_in_main_base = boxes_in_main_base
        self.rng = random.Random(seed)
        self.fake = Faker("en_US")
        self.fake.seed_instance(seed)
        self.world = World()
        self.models = {m.__name__: m for m in ALL_MODELS}
        self.products_by_base: dict[int, list[dict]] = defaultdict(list)
        self.locations_by_base: dict[int, dict[str, dict]] = defaultdict(dict)
        self.tags_by_base: dict[int, list[dict]] = defaultdict(list)
        self.sizes_of_range: dict[int, list[int]] = {}
        self.units_of_dimension: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
        self.label_identifiers: set[str] = set()
        self.boxes: list[BoxDraft] = []
        self.history_seq = 0
        self.weight_cache: dict[tuple[int, bool], list[float]] = {}

    # -- helpers --

    def m(self, name):
        return self.models[name]

    def add(self, model_name, /, **values) -> dict:
        return self.world.add(self.m(model_name), **values)

    def moment(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        span = int((end - start).total_seconds())
        return start + datetime.timedelta(seconds=self.rng.randrange(span))

    def later(self, when: datetime.datetime, max_hours: float = 72) -> datetime.datetime:
        return when + datetime.timedelta(seconds=self.rng.randrange(60, int(max_hours * 3600)))

    def staff(self, base_id: int) -> list[int]:
        """Users who handle boxes in a base."""
        organisation_id = next(o for o, bs in ORGANISATION_BASES.items() if base_id in bs)
        return [
            base_user_id(base_id, "coordinator"),
            base_user_id(base_id, "volunteer"),
            base_user_id(base_id, "warehouse-volunteer"),
            HEAD_OF_OPS_USER_IDS[organisation_id],
        ]

    def log(self, table: str, record_id, changes: str, user_id, when, from_int=None, to_int=None):
        self.history_seq += 1
        row = dict(
            table_name=table,
            record_id=record_id,
            changes=changes,
            user=user_id,
            ip=None,
            change_date=when,
            from_int=from_int,
            to_int=to_int,
            from_float=None,
            to_float=None,
        )
        self.world.history.append((when, self.history_seq, row))

    # -- global tables --

    def build_users(self):
        self.add("UsergroupAccessLevel", id=1, level=100, label="Admin user", short_label="Admin")
        self.add("UsergroupAccessLevel", id=2, level=10, label="Coordinator", short_label="Coord")
        self.add("UsergroupAccessLevel", id=3, level=5, label="Volunteer", short_label="User")
        for g in DEMO_USERGROUPS:
            deleted_org = dict((o[0], o[2]) for o in ORGANISATIONS)[g["organisation_id"]]
            self.add(
                "Usergroup",
                id=g["id"],
                label=g["label"],
                created_on=WORLD_START,
                created_by_id=GOD_USER_ID,
                last_modified_on=None,
                last_modified_by_id=None,
                organisation_id=g["organisation_id"],
                level=g["level"],
                allow_laundry_startcycle=False,
                allow_laundry_block=False,
                allow_borrow_adddelete=False,
                deleted_on=_dt(deleted_org),
            )
            for base_id in g["base_ids"]:
                self.add("UsergroupBaseAccess", base_id=base_id, usergroup=g["id"])
            for role_name in g["role_names"]:
                self.add(
                    "UsergroupRole",
                    usergroup=g["id"],
                    auth0_role_id=_role_id(role_name),
                    auth0_role_name=role_name,
                )
        for u in DEMO_USERS:
            self.add(
                "User",
                id=u.id,
                password=hashlib.md5(f"demo-{u.id}".encode()).hexdigest(),
                name=u.name,
                email=u.email,
                is_admin=u.id == GOD_USER_ID,
                last_login=None,
                last_action=None,
                created_on=WORLD_START,
                created_by=None,
                last_modified_on=None,
                last_modified_by=None,
                reset_password=None,
                language_id=2,
                deleted_on=datetime.datetime(2024, 5, 2, 10, 0) if u.deleted else None,
                usergroup=u.usergroup_id,
                valid_first_day=datetime.date(2024, 1, 1) if u.valid_last_day else None,
                valid_last_day=u.valid_last_day,
            )

    def build_organisations_and_bases(self):
        for organisation_id, name, deleted in ORGANISATIONS:
            self.add(
                "Organisation",
                id=organisation_id,
                name=name,
                created_on=WORLD_START,
                created_by=GOD_USER_ID,
                deleted_on=_dt(deleted),
                last_modified_on=None,
                last_modified_by=None,
            )
        for seq, (base_id, name, organisation_id, deleted) in enumerate(BASES, start=1):
            self.add(
                "Base",
                id=base_id,
                name=name,
                organisation=organisation_id,
                seq=seq,
                monetary_currency_code="EUR",
                freeshop_currency_name="Tokens",
                created_on=WORLD_START,
                created_by=GOD_USER_ID,
                last_modified_on=None,
                last_modified_by=None,
                deleted_on=_dt(deleted),
                beneficiary_is_registered=True,
                beneficiary_is_volunteer=True,
            )

    def build_catalogue(self):
        for state_id, label in BOX_STATES:
            self.add("BoxState", id=state_id, label=label)
        for gender_id, (label, short, seq, male, female, adult, child, baby) in GENDERS.items():
            self.add(
                "ProductGender",
                id=gender_id,
                label=label,
                short_label=short,
                seq=seq,
                created_on=None,
                created_by=None,
                last_modified_on=None,
                last_modified_by=None,
                male=bool(male),
                female=bool(female),
                adult=bool(adult),
                child=bool(child),
                baby=bool(baby),
                color="0",
            )
        for category_id, label, seq, parent in CATEGORIES:
            self.add("ProductCategory", id=category_id, name=label, seq=seq, parent=parent)
        size_ids: dict[str, int] = {}
        for range_id, label, seq, size_labels in SIZE_RANGES:
            self.add("SizeRange", id=range_id, label=label, seq=seq)
            self.sizes_of_range[range_id] = []
            for position, size_label in enumerate(size_labels):
                if size_label not in size_ids:
                    size_ids[size_label] = len(size_ids) + 1
                    self.add("Size", id=size_ids[size_label], label=size_label)
                size_id = size_ids[size_label]
                self.sizes_of_range[range_id].append(size_id)
                order = 999 if size_label == "Mixed" else range_id * 100 + position
                self.add("SizeRangeSize", size=size_id, size_range=range_id, seq=order)
        for unit_id, name, symbol, factor, dimension in UNITS:
            self.add(
                "Unit",
                id=unit_id,
                name=name,
                symbol=symbol,
                conversion_factor=Decimal(factor),
                dimension=dimension,
            )
            self.units_of_dimension[dimension].append((unit_id, Decimal(factor)))
        for standard_id, (name, category, gender, size_range) in enumerate(
            STANDARD_PRODUCTS, start=1
        ):
            self.add(
                "StandardProduct",
                id=standard_id,
                name=name,
                category=category,
                gender=gender,
                size_range=size_range,
                version=1,
                added_on=WORLD_START,
                added_by=GOD_USER_ID,
                deprecated_on=None,
                deprecated_by=None,
                preceded_by_product=None,
                superceded_by_product=None,
            )
        for language_id, code, locale, name, rtl in LANGUAGES:
            self.add(
                "Language",
                id=language_id,
                visible=True,
                code=code,
                locale=locale,
                name=name,
                strftime_dateformat="%d %B %Y",
                smarty_dateformat="%d %B %Y",
                seq=language_id,
                rtl=rtl,
            )

    # -- per base --

    def build_locations(self):
        for base_id in ACTIVE_BASES:
            coordinator = base_user_id(base_id, "coordinator")
            for seq, (name, flags, default_state) in enumerate(LOCATIONS, start=1):
                created = WORLD_START + datetime.timedelta(days=1, hours=seq)
                row = self.add(
                    "Location",
                    name=name,
                    base=base_id,
                    seq=seq,
                    created_on=created,
                    created_by=coordinator,
                    last_modified_on=None,
                    last_modified_by=None,
                    visible=flags.get("visible", True),
                    is_stockroom=flags.get("is_stockroom", False),
                    is_shop=flags.get("is_shop", False),
                    is_donated=flags.get("is_donated", False),
                    is_lost=flags.get("is_lost", False),
                    type="Warehouse",
                    latitude=None,
                    longitude=None,
                    comment="",
                    deleted_on=created + datetime.timedelta(days=40)
                    if flags.get("deleted")
                    else None,
                    is_scrap=flags.get("is_scrap", False),
                    default_box_state=default_state,
                )
                self.locations_by_base[base_id][name] = row
        spot = self.add(
            "Location",
            name="Camp Gate",
            base=1,
            seq=len(LOCATIONS) + 1,
            created_on=WORLD_START + datetime.timedelta(days=2),
            created_by=base_user_id(1, "coordinator"),
            last_modified_on=None,
            last_modified_by=None,
            visible=True,
            is_stockroom=False,
            is_shop=False,
            is_donated=False,
            is_lost=False,
            type="MapDistroSpot",
            latitude=39.2645,
            longitude=26.2777,
            comment="Distribution at the camp gate",
            deleted_on=None,
            is_scrap=False,
            default_box_state=INSTOCK,
        )
        self.distribution_spot = spot

    def _product(self, base_id, name, category, gender, size_range, price, created, creator, **kw):
        row = self.add(
            "Product",
            name=name,
            category=category,
            gender=gender,
            size_range=size_range,
            base=base_id,
            price=price,
            created_on=created,
            created_by=creator,
            last_modified_on=None,
            last_modified_by=None,
            max_per_adult=None,
            max_per_child=None,
            in_shop=kw.get("in_shop", False),
            comment=kw.get("comment", ""),
            deleted_on=kw.get("deleted_on"),
            standard_product=kw.get("standard_product"),
        )
        if row["deleted_on"] is None:
            self.products_by_base[base_id].append(row)
        return row

    def build_products(self):
        for base_id in ACTIVE_BASES:
            creator = base_user_id(base_id, "coordinator")
            created = WORLD_START + datetime.timedelta(days=3)
            for name, category, gender, size_range, price in CUSTOM_PRODUCTS:
                created = self.later(created, 6)
                self._product(
                    base_id,
                    name,
                    category,
                    gender,
                    size_range,
                    price,
                    created,
                    creator,
                    in_shop=self.rng.random() < 0.3,
                    comment=self.fake.sentence(nb_words=3) if self.rng.random() < 0.2 else "",
                )
            name, category, gender, size_range, price = DELETED_CUSTOM_PRODUCT
            created = self.later(created, 6)
            self._product(
                base_id,
                name,
                category,
                gender,
                size_range,
                price,
                created,
                creator,
                deleted_on=created + datetime.timedelta(days=20),
            )
            instantiated = STANDARD_INSTANTIATIONS[base_id]
            if base_id == 1:
                # An earlier instantiation, deleted before the current one was made.
                standard_id = instantiated[0]
                name, category, gender, size_range = STANDARD_PRODUCTS[standard_id - 1]
                created = self.later(created, 6)
                self._product(
                    base_id,
                    name,
                    category,
                    gender,
                    size_range,
                    0,
                    created,
                    creator,
                    standard_product=standard_id,
                    deleted_on=created + datetime.timedelta(hours=2),
                )
            for standard_id in instantiated:
                name, category, gender, size_range = STANDARD_PRODUCTS[standard_id - 1]
                created = self.later(created, 6)
                self._product(
                    base_id,
                    name,
                    category,
                    gender,
                    size_range,
                    self.rng.choice([0, 0, 1, 2, 5]),
                    created,
                    creator,
                    standard_product=standard_id,
                    in_shop=self.rng.random() < 0.3,
                )

    def build_tags(self):
        words = list(TAG_WORDS)
        for base_id in ACTIVE_BASES:
            self.rng.shuffle(words)
            creator = base_user_id(base_id, "coordinator")
            for index, (tag_type, deleted) in enumerate(TAG_TYPES):
                created = WORLD_START + datetime.timedelta(days=5, hours=index)
                row = self.add(
                    "Tag",
                    name=words[index],
                    color=f"#{self.rng.randrange(0x1000000):06x}",
                    base=base_id,
                    # deleted late, after boxes carried it
                    deleted_on=datetime.datetime(2024, 12, 20, 16, 0) if deleted else None,
                    created_on=created,
                    created_by=creator,
                    last_modified_on=None,
                    last_modified_by=None,
                    description=self.fake.sentence(nb_words=4),
                    type=tag_type,
                    seq=index + 1,
                )
                self.tags_by_base[base_id].append(row)

    def _tag_relation(self, tag, object_type, object_id, created_on, created_by, rng_removal=0.1):
        deleted_on = deleted_by = None
        if tag["deleted_on"] is not None:
            deleted_on, deleted_by = tag["deleted_on"], tag["created_by"]
        elif self.rng.random() < rng_removal:
            deleted_on = self.later(created_on, 24 * 30)
            deleted_by = created_by
        self.add(
            "TagsRelation",
            object_id=object_id,
            object_type=object_type,
            tag=tag["id"],
            created_on=created_on,
            created_by=created_by,
            deleted_on=deleted_on,
            deleted_by=deleted_by,
        )

    def build_beneficiaries(self):
        for base_id in ACTIVE_BASES:
            families = 10 if base_id == 1 else 3
            staff = self.staff(base_id)
            people_tags = [t for t in self.tags_by_base[base_id] if t["type"] in ("People", "All")]
            for family in range(families):
                size = self.rng.randint(1, 4)
                head_id = None
                last_name = self.fake.last_name()
                container = f"{base_id}{family + 1:03d}"
                created = self.moment(BOXES_START, BOXES_END)
                creator = self.rng.choice(staff)
                for member in range(size):
                    beneficiary_id = self.world.new_id(self.m("Beneficiary"))
                    gender = self.rng.choice(["M", "F", "F", "M", ""])
                    first_name = (
                        self.fake.first_name_male()
                        if gender == "M"
                        else self.fake.first_name_female()
                    )
                    adult = member == 0 or self.rng.random() < 0.3
                    age_days = (
                        self.rng.randrange(18 * 365, 70 * 365)
                        if adult
                        else (self.rng.randrange(100, 17 * 365))
                    )
                    deleted = base_id == 1 and family == 1 and member == 0
                    self.add(
                        "Beneficiary",
                        id=beneficiary_id,
                        family_head=head_id,
                        seq=member + 1,
                        first_name=first_name,
                        last_name=last_name,
                        date_of_birth=(BOXES_END - datetime.timedelta(days=age_days)).date(),
                        gender=gender,
                        family_id=head_id or beneficiary_id,
                        visible=1,
                        created_on=created,
                        created_by=creator,
                        last_modified_on=created,
                        last_modified_by=creator,
                        url=None,
                        group_identifier=container,
                        tent="",
                        email="",
                        password="",
                        language=self.rng.choice([2, 5, 5, 6]),
                        reset_password=None,
                        comment=self.fake.sentence(nb_words=5) if self.rng.random() < 0.3 else "",
                        workshop_training=0,
                        workshop_supervisor=0,
                        phone_number=None,
                        bicycle_training=0,
                        base=base_id,
                        deleted_on=self.later(created, 24 * 60) if deleted else None,
                        extra_portion=0,
                        not_registered=self.rng.random() < 0.1,
                        workshop_ban=None,
                        bicycle_ban=None,
                        bicycle_ban_comment="",
                        workshop_ban_comment="",
                        is_volunteer=self.rng.random() < 0.15,
                        laundry_block=False,
                        laundry_comment=None,
                        signed=self.rng.random() < 0.7,
                        signature=None,
                        date_of_signature=None,
                        custom_field1_value=None,
                        custom_field2_value=None,
                        custom_field3_value=None,
                        custom_field4_value=None,
                    )
                    self.log("people", beneficiary_id, "Record created", creator, created)
                    if head_id is None:
                        head_id = beneficiary_id
                    for language_id in self.rng.sample([2, 3, 5, 6, 7], self.rng.randint(1, 2)):
                        self.add(
                            "BeneficiaryLanguage", beneficiary=beneficiary_id, language=language_id
                        )
                    if people_tags and self.rng.random() < 0.5:
                        tag = self.rng.choice(people_tags)
                        self._tag_relation(tag, "People", beneficiary_id, created, creator)
                    if self.rng.random() < 0.4:
                        product = self.rng.choice(self.products_by_base[base_id])
                        count = self.rng.randint(1, 3)
                        when = self.later(created, 24 * 20)
                        self.add(
                            "Transaction",
                            beneficiary=beneficiary_id,
                            product=product["id"],
                            count=count,
                            description="",
                            tokens=-count * product["price"],
                            transaction_date=when,
                            user=creator,
                            created_on=when,
                            created_by=creator,
                            last_modified_on=None,
                            last_modified_by=None,
                        )

    # -- boxes --

    def qr_code(self, created) -> int:
        qr_id = self.world.new_id(self.m("QrCode"))
        code = hashlib.md5(f"boxtribute-demo-{self.seed}-qr-{qr_id}".encode()).hexdigest()
        self.add("QrCode", id=qr_id, code=code, created_on=created, legacy=0)
        return qr_id

    def label_identifier(self) -> str:
        while True:
            candidate = str(self.rng.randrange(10_000_000, 100_000_000))
            if candidate not in self.label_identifiers:
                self.label_identifiers.add(candidate)
                return candidate

    def create_box(
        self,
        base_id: int,
        created: datetime.datetime,
        *,
        state: int = INSTOCK,
        sized_only: bool = False,
        tag_chance: float = 0.3,
    ) -> BoxDraft:
        """A new box in a base, with its creation, later edits and tags; ends in `state`
        (InStock, Donated, Lost or Scrap) in a location that suits it."""
        rng = self.rng
        products = self.products_by_base[base_id]
        if sized_only:
            products = [p for p in products if p["size_range"] not in (MASS, VOLUME)]
        product = products[bisect(self._weights(base_id, sized_only), rng.random())]
        measure = product["size_range"] in (MASS, VOLUME)
        locations = self.locations_by_base[base_id]
        stock_locations = [
            locations[n] for n in ("Stockroom", "Warehouse A", "Warehouse B", "Free Shop")
        ]
        creator = rng.choice(self.staff(base_id))
        box_id = self.world.new_id(self.m("Box"))
        row = dict(
            id=box_id,
            label_identifier=self.label_identifier(),
            product=product["id"],
            size=None,
            weight_display_unit=1,
            weight=None,
            monetary_value=None,
            display_unit=None,
            measure_value=None,
            number_of_items=rng.randint(1, 120),
            location=rng.choice(stock_locations)["id"],
            distribution_event=None,
            qr_code=self.qr_code(created) if rng.random() < 0.92 else None,
            comment="",
            created_on=created,
            created_by=creator,
            last_modified_on=created,
            last_modified_by=creator,
            deleted_on=None,
            state=INSTOCK,
            source_box=None,
        )
        if measure:
            unit_id, factor = rng.choice(self.units_of_dimension[product["size_range"]])
            shown = Decimal(rng.choice([1, 2, 5, 10, 20, 25, 50, 100, 250, 500]))
            row["display_unit"] = unit_id
            row["measure_value"] = _quantize(shown / factor)
        else:
            row["size"] = rng.choice(self.sizes_of_range[product["size_range"]])
        if rng.random() < 0.2:
            row["weight"] = Decimal(rng.randint(2, 40))
        if rng.random() < 0.15:
            row["monetary_value"] = Decimal(rng.randint(5, 300))
        box = BoxDraft(row, base_id, measure)
        self.boxes.append(box)
        self.log("stock", box_id, "Record created", creator, created)

        when = created
        edits = rng.random()
        if edits < 0.35:
            when = self.later(when)
            comment = self.fake.sentence(nb_words=rng.randint(1, 4))
            self.comment(box, comment, rng.choice(self.staff(base_id)), when)
        if rng.random() < 0.25:
            when = self.later(when)
            self.change(box, "number_of_items", "items", rng.randint(1, 120), self.user(box), when)
        if rng.random() < 0.2:
            when = self.later(when)
            others = [loc["id"] for loc in stock_locations if loc["id"] != row["location"]]
            self.change(box, "location", "location_id", rng.choice(others), self.user(box), when)
        if not measure and rng.random() < 0.1:
            when = self.later(when)
            sizes = self.sizes_of_range[product["size_range"]]
            self.change(box, "size", "size_id", rng.choice(sizes), self.user(box), when)
        if state != INSTOCK:
            when = self.later(when)
            self.set_state(box, state, self.user(box), when)

        tags = [t for t in self.tags_by_base[base_id] if t["type"] in ("Stock", "All")]
        if rng.random() < tag_chance:
            for tag in rng.sample(tags, rng.randint(1, 2)):
                assigned = created if rng.random() < 0.6 else self.later(created, 24 * 10)
                if tag["deleted_on"] is not None and assigned >= tag["deleted_on"]:
                    continue
                self._tag_relation(tag, "Stock", box_id, assigned, creator)
        return box

    def _weights(self, base_id, sized_only):
        key = (base_id, sized_only)
        cache = self.weight_cache
        if key not in cache:
            products = self.products_by_base[base_id]
            if sized_only:
                products = [p for p in products if p["size_range"] not in (MASS, VOLUME)]
            # A few popular products, a long tail of others.
            weights = [1.0 / (1 + (i % 7)) for i in range(len(products))]
            total = sum(weights)
            cache[key] = list(accumulate(w / total for w in weights))[:-1]
        return cache[key]

    def user(self, box: BoxDraft) -> int:
        return self.rng.choice(self.staff(box.base_id))

    def touch(self, box: BoxDraft, user_id: int, when: datetime.datetime):
        box.row["last_modified_on"] = when
        box.row["last_modified_by"] = user_id

    def change(self, box: BoxDraft, attribute: str, column: str, value, user_id, when):
        """Change one id/int column and log it the way the legacy app does (column name
        as text, old and new value in from_int/to_int)."""
        old = box.row[attribute]
        if old == value:
            return
        box.row[attribute] = value
        self.log("stock", box.row["id"], column, user_id, when, from_int=old, to_int=value)
        self.touch(box, user_id, when)

    def comment(self, box: BoxDraft, text: str, user_id, when):
        old = box.row["comment"] or ""
        box.row["comment"] = text
        changes = f'comments changed from "{old}" to "{text}";'
        self.log("stock", box.row["id"], changes, user_id, when)
        self.touch(box, user_id, when)

    def set_state(self, box: BoxDraft, state: int, user_id, when):
        locations = self.locations_by_base[box.base_id]
        target = {DONATED: "Donated", SCRAP: "Scrap", LOST: "Lost and Found"}.get(state)
        if target is not None and self.rng.random() < 0.7:
            self.change(box, "location", "location_id", locations[target]["id"], user_id, when)
        self.change(box, "state", "box_state_id", state, user_id, when)

    def delete_box(self, box: BoxDraft, user_id, when):
        box.row["deleted_on"] = when
        self.log("stock", box.row["id"], "Record deleted", user_id, when)
        self.touch(box, user_id, when)

    def random_state(self) -> int:
        roll = self.rng.random()
        if roll < 0.78:
            return INSTOCK
        if roll < 0.88:
            return DONATED
        if roll < 0.94:
            return LOST
        return SCRAP

    def build_fixed_boxes(self):
        """Boxes of bases 2-4 and the first boxes of base 1 (those that shipments use)."""
        guaranteed_states = (DONATED, LOST, SCRAP)
        counts = {1: MIN_BOXES_IN_MAIN_BASE - len(guaranteed_states), 2: 30, 3: 40, 4: 40}
        for base_id, count in counts.items():
            span = (BOXES_END - BOXES_START) / count
            for index in range(count):
                created = (
                    BOXES_START
                    + span * index
                    + datetime.timedelta(seconds=self.rng.randrange(int(span.total_seconds())))
                )
                created = created.replace(microsecond=0)
                # The first boxes of a base stay in stock: shipments take them.
                state = INSTOCK if index < 25 else self.random_state()
                box = self.create_box(base_id, created, state=state, sized_only=index < 25)
                if index >= 25 and self.rng.random() < 0.03:
                    self.delete_box(box, self.user(box), self.later(box.row["last_modified_on"]))
        # One box of every remaining state is guaranteed in base 1.
        for state in guaranteed_states:
            self.create_box(1, self.moment(BOXES_START, BOXES_END), state=state)
        self.main_base_fixed = MIN_BOXES_IN_MAIN_BASE
        self.build_unlogged_box()

    def build_unlogged_box(self):
        """A box from before the history log existed (as in old databases): no history,
        no tags, no QR code."""
        products = [p for p in self.products_by_base[2] if p["size_range"] not in (MASS, VOLUME)]
        product = products[0]
        creator = base_user_id(2, "coordinator")
        created = BOXES_START - datetime.timedelta(days=10)
        row = dict(
            id=self.world.new_id(self.m("Box")),
            label_identifier=self.label_identifier(),
            product=product["id"],
            size=self.sizes_of_range[product["size_range"]][0],
            weight_display_unit=1,
            weight=None,
            monetary_value=None,
            display_unit=None,
            measure_value=None,
            number_of_items=12,
            location=self.locations_by_base[2]["Stockroom"]["id"],
            distribution_event=None,
            qr_code=None,
            comment="Imported from the old stock list",
            created_on=created,
            created_by=creator,
            last_modified_on=None,
            last_modified_by=None,
            deleted_on=None,
            state=INSTOCK,
            source_box=None,
        )
        box = BoxDraft(row, 2, False)
        box.shipped = True  # kept out of shipments: it stays untouched
        self.boxes.append(box)

    def build_bulk_boxes(self, progress):
        count = self.boxes_in_main_base - self.main_base_fixed
        if count <= 0:
            return
        span = (BOXES_END - BOXES_START) / count
        for index in range(count):
            created = (BOXES_START + span * index).replace(microsecond=0)
            jitter = max(1, int(span.total_seconds()))
            created += datetime.timedelta(seconds=self.rng.randrange(jitter))
            box = self.create_box(1, created, state=self.random_state())
            if self.rng.random() < 0.02:
                self.delete_box(box, self.user(box), self.later(box.row["last_modified_on"]))
            if index % 500 == 0:
                progress("boxes", index, count)
        progress("boxes", count, count)

    def build_unassigned_qr_codes(self):
        for _ in range(12):
            self.qr_code(self.moment(BOXES_START, BOXES_END))

    # -- agreements and shipments --

    def build_agreements(self):
        hoo1, hoo2 = HEAD_OF_OPS_USER_IDS[1], HEAD_OF_OPS_USER_IDS[2]
        t = AGREEMENTS_START

        def agreement(source, target, state, type_, requested_on, requested_by, pairs, **kw):
            row = self.add(
                "TransferAgreement",
                source_organisation=source,
                target_organisation=target,
                state=state,
                type=type_,
                requested_on=requested_on,
                requested_by=requested_by,
                accepted_on=kw.get("accepted_on"),
                accepted_by=kw.get("accepted_by"),
                terminated_on=kw.get("terminated_on"),
                terminated_by=kw.get("terminated_by"),
                valid_from=requested_on,
                valid_until=kw.get("valid_until"),
                comment=kw.get("comment"),
            )
            for source_base, target_base in pairs:
                self.add(
                    "TransferAgreementDetail",
                    transfer_agreement=row["id"],
                    source_base=source_base,
                    target_base=target_base,
                )
            return row

        all_pairs = [(1, 3), (1, 4), (2, 3), (2, 4)]
        self.accepted_agreement = agreement(
            1,
            2,
            "Accepted",
            "Bidirectional",
            t,
            hoo1,
            all_pairs,
            accepted_on=t + datetime.timedelta(days=2, hours=3),
            accepted_by=hoo2,
            comment="Regular exchange between our warehouses",
        )
        agreement(
            2,
            1,
            "UnderReview",
            "SendingTo",
            t + datetime.timedelta(days=30),
            hoo2,
            [(3, 1)],
            comment="Surplus winter clothing from Samos",
        )
        agreement(
            1,
            2,
            "Canceled",
            "SendingTo",
            t - datetime.timedelta(days=60),
            hoo1,
            [(2, 4)],
            accepted_on=t - datetime.timedelta(days=58),
            accepted_by=hoo2,
            terminated_on=t - datetime.timedelta(days=20),
            terminated_by=hoo1,
        )
        agreement(
            2,
            1,
            "Rejected",
            "ReceivingFrom",
            t - datetime.timedelta(days=30),
            hoo2,
            [(4, 2)],
            terminated_on=t - datetime.timedelta(days=28),
            terminated_by=hoo1,
            comment="Too far for us",
        )
        agreement(
            1,
            2,
            "Expired",
            "Bidirectional",
            t - datetime.timedelta(days=200),
            hoo1,
            [(1, 3)],
            accepted_on=t - datetime.timedelta(days=199),
            accepted_by=hoo2,
            valid_until=t - datetime.timedelta(days=100),
        )

    def _instock_boxes(self, base_id: int) -> list[BoxDraft]:
        return [
            b
            for b in self.boxes
            if b.base_id == base_id
            and b.row["state"] == INSTOCK
            and b.row["deleted_on"] is None
            and not b.measure
            and not getattr(b, "shipped", False)
        ]

    def build_shipments(self):
        """One shipment per state (several for some), each with its boxes' history."""
        agreement = self.accepted_agreement["id"]
        t = SHIPMENTS_START
        # source, target, agreement, final state, boxes, how details end
        plans = [
            (1, 3, agreement, "Preparing", ["keep"] * 4 + ["removed"]),
            (1, 3, agreement, "Sent", ["keep"] * 4),
            (1, 4, agreement, "Receiving", ["keep", "keep", "received", "received", "lost"]),
            (1, 3, agreement, "Completed", ["received"] * 3 + ["lost", "removed"]),
            (1, 3, agreement, "Canceled", ["removed"] * 3),
            (3, 1, agreement, "Lost", ["lost"] * 3),
            (3, 1, agreement, "Sent", ["keep"] * 3),
            (4, 1, agreement, "Receiving", ["keep"] * 3),
            (2, 1, None, "Preparing", ["keep"] * 2),
        ]
        for source, target, agreement_id, state, outcomes in plans:
            t = self.later(t, 30)
            self.ship(source, target, agreement_id, state, outcomes, t)

    def ship(self, source, target, agreement_id, state, outcomes, started):
        starter = base_user_id(source, "coordinator")
        receiver = base_user_id(target, "coordinator")
        shipment = self.add(
            "Shipment",
            source_base=source,
            target_base=target,
            transfer_agreement=agreement_id,
            state=state,
            started_on=started,
            started_by=starter,
            canceled_on=None,
            canceled_by=None,
            sent_on=None,
            sent_by=None,
            receiving_started_on=None,
            receiving_started_by=None,
            completed_on=None,
            completed_by=None,
        )
        candidates = self._instock_boxes(source)
        boxes = candidates[: len(outcomes)]
        details = []
        when = started
        for box in boxes:
            box.shipped = True
            when = self.later(when, 2)
            detail = self.add(
                "ShipmentDetail",
                shipment=shipment["id"],
                box=box.row["id"],
                source_product=box.row["product"],
                target_product=None,
                source_quantity=box.row["number_of_items"],
                target_quantity=None,
                source_size=box.row["size"],
                target_size=None,
                source_location=box.row["location"],
                target_location=None,
                created_on=when,
                created_by=starter,
                lost_on=None,
                lost_by=None,
                received_on=None,
                received_by=None,
                removed_on=None,
                removed_by=None,
            )
            details.append(detail)
            self.change(box, "state", "box_state_id", MARKED, starter, when)

        def remove(box, detail, when):
            detail["removed_on"], detail["removed_by"] = when, starter
            self.change(box, "state", "box_state_id", INSTOCK, starter, when)

        paired = list(zip(boxes, details, outcomes, strict=True))
        when = self.later(when, 4)
        if state == "Canceled":
            shipment["canceled_on"], shipment["canceled_by"] = when, starter
            for box, detail, _ in paired:
                remove(box, detail, when)
            return
        for box, detail, outcome in paired:
            if outcome == "removed":
                remove(box, detail, when)
        if state == "Preparing":
            return
        when = self.later(when, 12)
        shipment["sent_on"], shipment["sent_by"] = when, starter
        travelling = [(b, d, o) for b, d, o in paired if o != "removed"]
        for box, _, _ in travelling:
            self.change(box, "state", "box_state_id", IN_TRANSIT, starter, when)
        if state == "Sent":
            return
        when = self.later(when, 48)
        if state == "Lost":
            shipment["completed_on"], shipment["completed_by"] = when, starter
            for box, detail, _ in travelling:
                detail["lost_on"], detail["lost_by"] = when, starter
                self.change(box, "state", "box_state_id", NOT_DELIVERED, starter, when)
            return
        shipment["receiving_started_on"], shipment["receiving_started_by"] = when, receiver
        for box, _, _ in travelling:
            self.change(box, "state", "box_state_id", RECEIVING, receiver, when)
        for box, detail, outcome in travelling:
            when = self.later(when, 1)
            if outcome == "lost":
                detail["lost_on"], detail["lost_by"] = when, receiver
                self.change(box, "state", "box_state_id", NOT_DELIVERED, receiver, when)
            elif outcome == "received":
                self.receive(box, detail, target, receiver, when)
        if state == "Completed":
            shipment["completed_on"], shipment["completed_by"] = when, receiver

    def receive(self, box, detail, target_base, receiver, when):
        source_product = next(
            p for p in self.world.rows[self.m("Product")] if p["id"] == box.row["product"]
        )
        target_products = self.products_by_base[target_base]
        standard = source_product["standard_product"]
        match = [p for p in target_products if standard and p["standard_product"] == standard]
        if not match:
            match = [
                p for p in target_products if p["size_range"] == source_product["size_range"]
            ] or target_products
        product = match[0]
        location = self.locations_by_base[target_base]["Warehouse A"]
        size = box.row["size"]
        if size not in self.sizes_of_range[product["size_range"]]:
            size = self.sizes_of_range[product["size_range"]][0]
        detail.update(
            target_product=product["id"],
            target_quantity=box.row["number_of_items"],
            target_size=size,
            target_location=location["id"],
            received_on=when,
            received_by=receiver,
        )
        self.change(box, "location", "location_id", location["id"], receiver, when)
        self.change(box, "product", "product_id", product["id"], receiver, when)
        self.change(box, "size", "size_id", size, receiver, when)
        self.change(box, "state", "box_state_id", INSTOCK, receiver, when)
        box.base_id = target_base

    # -- assembly --

    def build(self, progress) -> World:
        self.build_users()
        self.build_organisations_and_bases()
        self.build_catalogue()
        self.build_locations()
        self.build_products()
        self.build_tags()
        self.build_beneficiaries()
        self.build_fixed_boxes()
        self.build_unassigned_qr_codes()
        self.build_agreements()
        self.build_shipments()
        self.build_bulk_boxes(progress)
        box_model = self.m("Box")
        self.world.rows[box_model] = [b.row for b in self.boxes]
        # History ids follow time, as in a live database.
        self.world.history.sort(key=lambda item: (item[0], item[1]))
        self.world.rows[self.m("HistoryEntry")] = [
            dict(id=i, **row) for i, (_, _, row) in enumerate(self.world.history, start=1)
        ]
        return self.world


# --- writing ---------------------------------------------------------------------------------


def _progress_printer():
    def report(what: str, done: int, total: int):
        stream = sys.stderr
        if not stream.isatty() and done not in (0, total):
            return
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r{what:>14} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return report


def _quiet(what: str, done: int, total: int):
    pass


def write_world(world: World, progress=_quiet) -> dict[str, int]:
    """Insert every row, table by table in dependency order, in batches."""
    counts: dict[str, int] = {}
    ordered = [m for m in peewee.sort_models(ALL_MODELS) if world.rows.get(m)]
    total = sum(len(world.rows[m]) for m in ordered)
    done = 0
    progress("writing rows", 0, total)
    for model in ordered:
        rows = world.rows[model]
        # Self-referencing rows (category parents) go parents first.
        rows = sorted(rows, key=lambda r: r.get("id", 0))
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            model.insert_many(batch).execute()
            done += len(batch)
            progress("writing rows", done, total)
        counts[model._meta.table_name] = len(rows)
    return counts


def is_empty(db=database) -> bool:
    """No table of ours holds a row (missing tables count as empty)."""
    for model in ALL_MODELS:
        if db.table_exists(model._meta.table_name) and model.select().limit(1).exists():
            return False
    return True


def generate_demo_database(
    settings: Settings,
    boxes_in_main_base: int = 300,
    seed: int = DEFAULT_SEED,
    *,
    show_progress: bool = False,
) -> dict[str, int]:
    """Create our schema in the (existing, empty) database of `settings` and fill it.

    Returns the number of rows written per table. Raises RuntimeError when the
    database already holds rows.
    """
    progress = _progress_printer() if show_progress else _quiet
    configure_databases(settings)
    builder = DemoWorldBuilder(seed, boxes_in_main_base)
    world = builder.build(progress)
    with connection_scope():
        create_schema(database)
        if not is_empty():
            raise RuntimeError(
                f"database {settings.database.name!r} is not empty; refusing to add demo data"
            )
        with database.atomic():
            return write_world(world, progress)
