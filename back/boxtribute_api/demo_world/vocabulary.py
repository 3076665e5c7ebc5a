"""The fixed vocabulary of the demo world: organisations, bases, the global catalogue
tables, what every base sets up, and the time windows every timestamp lies in.

None of it depends on the seed: the builders choose among it at random.
"""

import datetime

# Every timestamp lies between these (UTC, naive like the legacy columns).
WORLD_START = datetime.datetime(2024, 1, 8, 9, 0, 0)
BOXES_START = datetime.datetime(2024, 2, 1, 8, 0, 0)
BOXES_END = datetime.datetime(2025, 1, 31, 18, 0, 0)
AGREEMENTS_START = datetime.datetime(2024, 11, 4, 10, 0, 0)
SHIPMENTS_START = datetime.datetime(2025, 2, 3, 9, 0, 0)

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


def organisation_of(base_id: int) -> int:
    return next(o for o, bs in ORGANISATION_BASES.items() if base_id in bs)


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
