"""The catalogue: the global tables (box states, genders, categories, size ranges with
their sizes, units, standard products, languages) and every base's products."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .users import GOD_USER_ID, base_user_id
from .vocabulary import (
    ACTIVE_BASES,
    BOX_STATES,
    CATEGORIES,
    CUSTOM_PRODUCTS,
    DELETED_CUSTOM_PRODUCT,
    GENDERS,
    LANGUAGES,
    SIZE_RANGES,
    STANDARD_INSTANTIATIONS,
    STANDARD_PRODUCTS,
    UNITS,
    WORLD_START,
)
from .world import World


@dataclass
class Catalogue:
    """What later builders choose from: the sizes of each size range, the units of each
    dimension (with their conversion factors) and each base's products not deleted."""

    sizes_of_range: dict[int, list[int]] = field(default_factory=dict)
    units_of_dimension: dict[int, list[tuple[int, Decimal]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    products_by_base: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))


def build_catalogue(world: World) -> Catalogue:
    """The global tables; the products of the bases come later (build_products)."""
    catalogue = Catalogue()
    for state_id, label in BOX_STATES:
        world.add("BoxState", id=state_id, label=label)
    for gender_id, (label, short, seq, male, female, adult, child, baby) in GENDERS.items():
        world.add(
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
        world.add("ProductCategory", id=category_id, name=label, seq=seq, parent=parent)
    size_ids: dict[str, int] = {}
    for range_id, label, seq, size_labels in SIZE_RANGES:
        world.add("SizeRange", id=range_id, label=label, seq=seq)
        catalogue.sizes_of_range[range_id] = []
        for position, size_label in enumerate(size_labels):
            if size_label not in size_ids:
                size_ids[size_label] = len(size_ids) + 1
                world.add("Size", id=size_ids[size_label], label=size_label)
            size_id = size_ids[size_label]
            catalogue.sizes_of_range[range_id].append(size_id)
            order = 999 if size_label == "Mixed" else range_id * 100 + position
            world.add("SizeRangeSize", size=size_id, size_range=range_id, seq=order)
    for unit_id, name, symbol, factor, dimension in UNITS:
        world.add(
            "Unit",
            id=unit_id,
            name=name,
            symbol=symbol,
            conversion_factor=Decimal(factor),
            dimension=dimension,
        )
        catalogue.units_of_dimension[dimension].append((unit_id, Decimal(factor)))
    for standard_id, (name, category, gender, size_range) in enumerate(STANDARD_PRODUCTS, start=1):
        world.add(
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
        world.add(
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

    return catalogue


def _add_product(world: World, catalogue: Catalogue, base_id, kind, price, created, creator, **kw):
    """A product of `kind` (name, category, gender, size range) in a base."""
    name, category, gender, size_range = kind
    row = world.add(
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
        catalogue.products_by_base[base_id].append(row)
    return row


def build_products(world: World, catalogue: Catalogue):
    """Every base's custom products and standard-product instantiations, some deleted."""
    for base_id in ACTIVE_BASES:
        creator = base_user_id(base_id, "coordinator")
        created = WORLD_START + datetime.timedelta(days=3)
        for *kind, price in CUSTOM_PRODUCTS:
            created = world.later(created, 6)
            _add_product(
                world,
                catalogue,
                base_id,
                kind,
                price,
                created,
                creator,
                in_shop=world.rng.random() < 0.3,
                comment=world.fake.sentence(nb_words=3) if world.rng.random() < 0.2 else "",
            )
        *kind, price = DELETED_CUSTOM_PRODUCT
        created = world.later(created, 6)
        deleted_on = created + datetime.timedelta(days=20)
        _add_product(
            world, catalogue, base_id, kind, price, created, creator, deleted_on=deleted_on
        )
        instantiated = STANDARD_INSTANTIATIONS[base_id]
        if base_id == 1:
            # An earlier instantiation, deleted before the current one was made.
            standard_id = instantiated[0]
            created = world.later(created, 6)
            _add_product(
                world,
                catalogue,
                base_id,
                STANDARD_PRODUCTS[standard_id - 1],
                0,
                created,
                creator,
                standard_product=standard_id,
                deleted_on=created + datetime.timedelta(hours=2),
            )
        for standard_id in instantiated:
            created = world.later(created, 6)
            _add_product(
                world,
                catalogue,
                base_id,
                STANDARD_PRODUCTS[standard_id - 1],
                world.rng.choice([0, 0, 1, 2, 5]),
                created,
                creator,
                standard_product=standard_id,
                in_shop=world.rng.random() < 0.3,
            )
