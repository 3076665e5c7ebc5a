"""The whole demo world, built part by part."""

from __future__ import annotations

from .bases import build_locations, build_organisations_and_bases, build_tags
from .beneficiaries import build_beneficiaries
from .boxes import MIN_BOXES_IN_MAIN_BASE, BoxBuilder
from .catalogue import build_catalogue, build_products
from .transfers import build_agreements, build_shipments
from .users import build_users
from .world import MODELS, World


def build_world(seed: int, boxes_in_main_base: int, progress) -> World:
    """All rows of the demo world, history included. The parts are built in a fixed
    order: each draws from the one random stream, and ids follow creation."""
    if boxes_in_main_base < MIN_BOXES_IN_MAIN_BASE:
        raise ValueError(f"boxes_in_main_base must be at least {MIN_BOXES_IN_MAIN_BASE}")
    world = World.seeded(seed)
    build_users(world)
    build_organisations_and_bases(world)
    catalogue = build_catalogue(world)
    locations = build_locations(world)
    build_products(world, catalogue)
    tags = build_tags(world)
    build_beneficiaries(world, catalogue.products_by_base, tags)
    boxes = BoxBuilder(world, catalogue, locations, tags)
    boxes.build_fixed_boxes()
    boxes.build_unassigned_qr_codes()
    accepted_agreement = build_agreements(world)
    build_shipments(world, boxes, accepted_agreement)
    # Last, so that all before them is the same whatever the box count.
    boxes.build_bulk_boxes(boxes_in_main_base, progress)
    world.rows[MODELS["Box"]] = [b.row for b in boxes.boxes]
    # History ids follow time, as in a live database.
    world.history.sort(key=lambda item: (item[0], item[1]))
    world.rows[MODELS["HistoryEntry"]] = [
        dict(id=i, **row) for i, (_, _, row) in enumerate(world.history, start=1)
    ]
    return world
