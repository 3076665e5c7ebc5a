"""Organisations and their bases, and what every base sets up before boxes arrive:
warehouse locations and tags."""

from __future__ import annotations

import datetime
from collections import defaultdict

from .users import GOD_USER_ID, base_user_id
from .vocabulary import (
    ACTIVE_BASES,
    BASES,
    INSTOCK,
    LOCATIONS,
    ORGANISATIONS,
    TAG_TYPES,
    TAG_WORDS,
    WORLD_START,
)
from .world import World, as_datetime

# Locations and tags of each base: {base id: {location name: row}}, {base id: [row]}
LocationsByBase = dict[int, dict[str, dict]]
TagsByBase = dict[int, list[dict]]


def build_organisations_and_bases(world: World):
    for organisation_id, name, deleted in ORGANISATIONS:
        world.add(
            "Organisation",
            id=organisation_id,
            name=name,
            created_on=WORLD_START,
            created_by=GOD_USER_ID,
            deleted_on=as_datetime(deleted),
            last_modified_on=None,
            last_modified_by=None,
        )
    for seq, (base_id, name, organisation_id, deleted) in enumerate(BASES, start=1):
        world.add(
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
            deleted_on=as_datetime(deleted),
            beneficiary_is_registered=True,
            beneficiary_is_volunteer=True,
        )


def build_locations(world: World) -> LocationsByBase:
    """Every base's warehouse locations (see LOCATIONS) and base 1's distribution spot."""
    locations_by_base: LocationsByBase = defaultdict(dict)
    for base_id in ACTIVE_BASES:
        coordinator = base_user_id(base_id, "coordinator")
        for seq, (name, flags, default_state) in enumerate(LOCATIONS, start=1):
            created = WORLD_START + datetime.timedelta(days=1, hours=seq)
            row = world.add(
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
                deleted_on=created + datetime.timedelta(days=40) if flags.get("deleted") else None,
                is_scrap=flags.get("is_scrap", False),
                default_box_state=default_state,
            )
            locations_by_base[base_id][name] = row
    world.add(
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
    return locations_by_base


def build_tags(world: World) -> TagsByBase:
    """Tags of every type in every base, one of them deleted."""
    tags_by_base: TagsByBase = defaultdict(list)
    words = list(TAG_WORDS)
    for base_id in ACTIVE_BASES:
        world.rng.shuffle(words)
        creator = base_user_id(base_id, "coordinator")
        for index, (tag_type, deleted) in enumerate(TAG_TYPES):
            created = WORLD_START + datetime.timedelta(days=5, hours=index)
            row = world.add(
                "Tag",
                name=words[index],
                color=f"#{world.rng.randrange(0x1000000):06x}",
                base=base_id,
                # deleted late, after boxes carried it
                deleted_on=datetime.datetime(2024, 12, 20, 16, 0) if deleted else None,
                created_on=created,
                created_by=creator,
                last_modified_on=None,
                last_modified_by=None,
                description=world.fake.sentence(nb_words=4),
                type=tag_type,
                seq=index + 1,
            )
            tags_by_base[base_id].append(row)
    return tags_by_base


def tag_object(world: World, tag, object_type, object_id, created_on, created_by, rng_removal=0.1):
    """Put `tag` on an object; some are taken off later, all when the tag is deleted."""
    deleted_on = deleted_by = None
    if tag["deleted_on"] is not None:
        deleted_on, deleted_by = tag["deleted_on"], tag["created_by"]
    elif world.rng.random() < rng_removal:
        deleted_on = world.later(created_on, 24 * 30)
        deleted_by = created_by
    world.add(
        "TagsRelation",
        object_id=object_id,
        object_type=object_type,
        tag=tag["id"],
        created_on=created_on,
        created_by=created_by,
        deleted_on=deleted_on,
        deleted_by=deleted_by,
    )
