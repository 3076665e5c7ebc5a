"""Boxes and their lives: QR codes, creation, edits, tags and state changes, each logged
in the history the way the legacy app logs it."""

from __future__ import annotations

import datetime
import hashlib
from bisect import bisect
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from .bases import LocationsByBase, TagsByBase, tag_object
from .catalogue import Catalogue
from .users import base_user_id, staff
from .vocabulary import (
    BOXES_END,
    BOXES_START,
    DONATED,
    INSTOCK,
    LOST,
    MASS,
    SCRAP,
    VOLUME,
)
from .world import World

# The fixed boxes of base 1 (build_fixed_boxes); the bulk boxes make up the rest.
MIN_BOXES_IN_MAIN_BASE = 60


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.000000000000000001"))


@dataclass
class BoxDraft:
    """A box while its life is being played: current values plus its history."""

    row: dict
    base_id: int
    measure: bool
    shipped: bool = False  # taken by a shipment (or kept out of them)


class BoxBuilder:
    """Creates the boxes of every base and changes them; `boxes` are all of them, in
    order of creation."""

    def __init__(
        self,
        world: World,
        catalogue: Catalogue,
        locations: LocationsByBase,
        tags: TagsByBase,
    ):
        self.world = world
        self.rng = world.rng
        self.catalogue = catalogue
        self.locations = locations
        self.tags = tags
        self.boxes: list[BoxDraft] = []
        self.label_identifiers: set[str] = set()
        self.weight_cache: dict[tuple[int, bool], list[float]] = {}

    def qr_code(self, created) -> int:
        qr_id = self.world.new_id("QrCode")
        code = hashlib.md5(f"boxtribute-demo-{self.world.seed}-qr-{qr_id}".encode()).hexdigest()
        self.world.add("QrCode", id=qr_id, code=code, created_on=created, legacy=0)
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
        products = self.catalogue.products_by_base[base_id]
        if sized_only:
            products = [p for p in products if p["size_range"] not in (MASS, VOLUME)]
        product = products[bisect(self._weights(base_id, sized_only), rng.random())]
        measure = product["size_range"] in (MASS, VOLUME)
        locations = self.locations[base_id]
        stock_locations = [
            locations[n] for n in ("Stockroom", "Warehouse A", "Warehouse B", "Free Shop")
        ]
        creator = rng.choice(staff(base_id))
        box_id = self.world.new_id("Box")
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
            unit_id, factor = rng.choice(self.catalogue.units_of_dimension[product["size_range"]])
            shown = Decimal(rng.choice([1, 2, 5, 10, 20, 25, 50, 100, 250, 500]))
            row["display_unit"] = unit_id
            row["measure_value"] = _quantize(shown / factor)
        else:
            row["size"] = rng.choice(self.catalogue.sizes_of_range[product["size_range"]])
        if rng.random() < 0.2:
            row["weight"] = Decimal(rng.randint(2, 40))
        if rng.random() < 0.15:
            row["monetary_value"] = Decimal(rng.randint(5, 300))
        box = BoxDraft(row, base_id, measure)
        self.boxes.append(box)
        self.world.log("stock", box_id, "Record created", creator, created)

        when = created
        edits = rng.random()
        if edits < 0.35:
            when = self.world.later(when)
            comment = self.world.fake.sentence(nb_words=rng.randint(1, 4))
            self.comment(box, comment, rng.choice(staff(base_id)), when)
        if rng.random() < 0.25:
            when = self.world.later(when)
            self.change(box, "number_of_items", "items", rng.randint(1, 120), self.user(box), when)
        if rng.random() < 0.2:
            when = self.world.later(when)
            others = [loc["id"] for loc in stock_locations if loc["id"] != row["location"]]
            self.change(box, "location", "location_id", rng.choice(others), self.user(box), when)
        if not measure and rng.random() < 0.1:
            when = self.world.later(when)
            sizes = self.catalogue.sizes_of_range[product["size_range"]]
            self.change(box, "size", "size_id", rng.choice(sizes), self.user(box), when)
        if state != INSTOCK:
            when = self.world.later(when)
            self.set_state(box, state, self.user(box), when)

        tags = [t for t in self.tags[base_id] if t["type"] in ("Stock", "All")]
        if rng.random() < tag_chance:
            for tag in rng.sample(tags, rng.randint(1, 2)):
                assigned = created if rng.random() < 0.6 else self.world.later(created, 24 * 10)
                if tag["deleted_on"] is not None and assigned >= tag["deleted_on"]:
                    continue
                tag_object(self.world, tag, "Stock", box_id, assigned, creator)
        return box

    def _weights(self, base_id, sized_only):
        key = (base_id, sized_only)
        cache = self.weight_cache
        if key not in cache:
            products = self.catalogue.products_by_base[base_id]
            if sized_only:
                products = [p for p in products if p["size_range"] not in (MASS, VOLUME)]
            # A few popular products, a long tail of others.
            weights = [1.0 / (1 + (i % 7)) for i in range(len(products))]
            total = sum(weights)
            cache[key] = list(accumulate(w / total for w in weights))[:-1]
        return cache[key]

    def user(self, box: BoxDraft) -> int:
        return self.rng.choice(staff(box.base_id))

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
        self.world.log("stock", box.row["id"], column, user_id, when, from_int=old, to_int=value)
        self.touch(box, user_id, when)

    def comment(self, box: BoxDraft, text: str, user_id, when):
        old = box.row["comment"] or ""
        box.row["comment"] = text
        changes = f'comments changed from "{old}" to "{text}";'
        self.world.log("stock", box.row["id"], changes, user_id, when)
        self.touch(box, user_id, when)

    def set_state(self, box: BoxDraft, state: int, user_id, when):
        locations = self.locations[box.base_id]
        target = {DONATED: "Donated", SCRAP: "Scrap", LOST: "Lost and Found"}.get(state)
        if target is not None and self.rng.random() < 0.7:
            self.change(box, "location", "location_id", locations[target]["id"], user_id, when)
        self.change(box, "state", "box_state_id", state, user_id, when)

    def delete_box(self, box: BoxDraft, user_id, when):
        box.row["deleted_on"] = when
        self.world.log("stock", box.row["id"], "Record deleted", user_id, when)
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
                    self.delete_box(
                        box, self.user(box), self.world.later(box.row["last_modified_on"])
                    )
        # One box of every remaining state is guaranteed in base 1.
        for state in guaranteed_states:
            self.create_box(1, self.world.moment(BOXES_START, BOXES_END), state=state)
        self.build_unlogged_box()

    def build_unlogged_box(self):
        """A box from before the history log existed (as in old databases): no history,
        no tags, no QR code."""
        products = [
            p for p in self.catalogue.products_by_base[2] if p["size_range"] not in (MASS, VOLUME)
        ]
        product = products[0]
        creator = base_user_id(2, "coordinator")
        created = BOXES_START - datetime.timedelta(days=10)
        row = dict(
            id=self.world.new_id("Box"),
            label_identifier=self.label_identifier(),
            product=product["id"],
            size=self.catalogue.sizes_of_range[product["size_range"]][0],
            weight_display_unit=1,
            weight=None,
            monetary_value=None,
            display_unit=None,
            measure_value=None,
            number_of_items=12,
            location=self.locations[2]["Stockroom"]["id"],
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
        # Kept out of shipments: it stays untouched.
        self.boxes.append(BoxDraft(row, 2, False, shipped=True))

    def build_bulk_boxes(self, boxes_in_main_base: int, progress):
        """The rest of base 1's boxes, after the fixed ones."""
        count = boxes_in_main_base - MIN_BOXES_IN_MAIN_BASE
        if count <= 0:
            return
        span = (BOXES_END - BOXES_START) / count
        for index in range(count):
            created = (BOXES_START + span * index).replace(microsecond=0)
            jitter = max(1, int(span.total_seconds()))
            created += datetime.timedelta(seconds=self.rng.randrange(jitter))
            box = self.create_box(1, created, state=self.random_state())
            if self.rng.random() < 0.02:
                self.delete_box(box, self.user(box), self.world.later(box.row["last_modified_on"]))
            if index % 500 == 0:
                progress("boxes", index, count)
        progress("boxes", count, count)

    def build_unassigned_qr_codes(self):
        for _ in range(12):
            self.qr_code(self.world.moment(BOXES_START, BOXES_END))
