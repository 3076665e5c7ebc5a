"""Mutation cases: every warehouse mutation the frontend sends (boxes, bulk box
actions, tags, products, QR codes), with success, each validation error and each
denial of the original, plus the tag mutations the frontend does not send as such
(extra_operations.py).

Every case starts from the pristine seed; set-up steps (earlier steps of a case)
create what the case needs, e.g. a tag to update or a custom product without boxes
to delete. Transfers, distributions, statistics and beneficiaries are other issues:
their generators go into generate.py the same way.
"""

from __future__ import annotations

from .querycases import case, step
from .seedfacts import MISSING_ID, MISSING_LABEL, MISSING_QR, SeedFacts

# Users who may not do warehouse writes in base 1, with why.
DENIED_IN_BASE1 = ("freeshop", "readonly", "org2")


def ref(step_index: int, *path, as_int: bool = False) -> dict:
    """A value taken from an earlier step's response (see runner.resolve)."""
    return {"$ref": [step_index, *path], **({"$as": "int"} if as_int else {})}


def per_user(op: str, case_name: str, users, /, **variables) -> list[dict]:
    return [case(f"{user}-{case_name}", step(op, user, **variables)) for user in users]


# --- tags --------------------------------------------------------------------------------


def tag_cases(f: SeedFacts) -> dict[str, list[dict]]:
    box_tag, all_tag = f.tag(1, "Stock"), f.tag(1, "All")
    beneficiary_tag, deleted_tag = f.tag(1, "People"), f.tag(1, "Stock", deleted=True)
    base2_tag, base3_tag = f.tag(2, "Stock"), f.tag(3, "People")
    cases: dict[str, list[dict]] = {}

    op = "CreateTag"
    new = {"name": "compat tag", "type": "Box", "color": "#1a2b3c", "description": "a new tag"}
    cases[op] = [
        case("coordinator-base1-box", step(op, "coordinator", baseId=1, **new)),
        case(
            "coordinator-base1-beneficiary",
            step(op, "coordinator", baseId=1, **{**new, "type": "Beneficiary"}),
        ),
        case(
            "coordinator-base1-all-without-description",
            step(op, "coordinator", baseId=1, name="all", type="All", color="#abcdef"),
        ),
        case(
            "coordinator-base1-short-color",
            step(op, "coordinator", baseId=1, **{**new, "color": "#abc"}),
        ),
        case(
            "coordinator-base1-upper-case-color",
            step(op, "coordinator", baseId=1, **{**new, "color": "#ABCDEF"}),
        ),
        case(
            "coordinator-base1-empty-name", step(op, "coordinator", baseId=1, **{**new, "name": ""})
        ),
        case(
            "coordinator-base1-existing-name",
            step(op, "coordinator", baseId=1, **{**new, "name": "west"}),
        ),
        case(
            "coordinator-base1-invalid-color-word",
            step(op, "coordinator", baseId=1, **{**new, "color": "red"}),
        ),
        case(
            "coordinator-base1-invalid-color-hex",
            step(op, "coordinator", baseId=1, **{**new, "color": "#12345g"}),
        ),
        case(
            "coordinator-base1-empty-color",
            step(op, "coordinator", baseId=1, **{**new, "color": ""}),
        ),
        case("coordinator-base2", step(op, "coordinator", baseId=2, **new)),
        case("coordinator-nobase", step(op, "coordinator", baseId=MISSING_ID, **new)),
        case("headofops-base1", step(op, "headofops", baseId=1, **new)),
        case("god-base1", step(op, "god", baseId=1, **new)),
        case("god-base3", step(op, "god", baseId=3, **new)),
        case("god-nobase", step(op, "god", baseId=MISSING_ID, **new)),
        case("org2-base2", step(op, "org2", baseId=2, **new)),
        case(
            "org2-base3-beneficiary", step(op, "org2", baseId=3, **{**new, "type": "Beneficiary"})
        ),
        case("org2-base4", step(op, "org2", baseId=4, **new)),
        case("org2-base1", step(op, "org2", baseId=1, **new)),
        *per_user(op, "base1", ("warehouse", "freeshop", "readonly"), baseId=1, **new),
    ]

    op = "UpdateTag"
    seed_tags = {
        row[0]: row[1:]
        for row in f.rows("SELECT id, label, type, color, description FROM tags ORDER BY id")
    }
    type_names = {"Stock": "Box", "People": "Beneficiary", "All": "All"}

    def same(tag_id: int, **changes) -> dict:
        name, tag_type, color, description = seed_tags[tag_id]
        values = {"id": tag_id, "name": name, "type": type_names[tag_type], "color": color}
        values["description"] = description
        return {**values, **changes}

    cases[op] = [
        case("coordinator-rename", step(op, "coordinator", **same(box_tag, name="renamed"))),
        case(
            "coordinator-all-fields",
            step(
                op,
                "coordinator",
                **same(all_tag, name="new name", description="new", color="#000000", type="All"),
            ),
        ),
        case("coordinator-no-change", step(op, "coordinator", **same(box_tag))),
        case(
            "coordinator-without-description",
            step(
                op, "coordinator", **{k: v for k, v in same(box_tag).items() if k != "description"}
            ),
        ),
        case(
            "coordinator-empty-description",
            step(op, "coordinator", **same(box_tag, description="")),
        ),
        case(
            "coordinator-box-to-beneficiary",
            step(op, "coordinator", **same(box_tag, type="Beneficiary")),
        ),
        case("coordinator-all-to-box", step(op, "coordinator", **same(all_tag, type="Box"))),
        case(
            "coordinator-all-to-beneficiary",
            step(op, "coordinator", **same(all_tag, type="Beneficiary")),
        ),
        case(
            "coordinator-beneficiary-to-all",
            step(op, "coordinator", **same(beneficiary_tag, type="All")),
        ),
        case(
            "coordinator-beneficiary-to-box",
            step(op, "coordinator", **same(beneficiary_tag, type="Box")),
        ),
        case("coordinator-empty-name", step(op, "coordinator", **same(box_tag, name=""))),
        case("coordinator-invalid-color", step(op, "coordinator", **same(box_tag, color="blue"))),
        case("coordinator-deleted-tag", step(op, "coordinator", **same(deleted_tag, name="x"))),
        case(
            "coordinator-missing-tag",
            step(op, "coordinator", id=MISSING_ID, name="x", type="Box", color="#000000"),
        ),
        case("coordinator-base2-tag", step(op, "coordinator", **same(base2_tag, name="x"))),
        case("headofops-rename", step(op, "headofops", **same(box_tag, name="renamed"))),
        case("god-base3-tag", step(op, "god", **same(base3_tag, name="renamed", type="All"))),
        case("org2-base2-tag", step(op, "org2", **same(base2_tag, color="#ffffff"))),
        case("org2-base1-tag", step(op, "org2", **same(box_tag, name="x"))),
        *per_user(op, "rename", ("warehouse", "freeshop", "readonly"), **same(box_tag, name="x")),
        case(
            "coordinator-created-then-updated",
            step("CreateTag", "coordinator", baseId=1, **new),
            step(
                op,
                "coordinator",
                id=ref(0, "data", "createTag", "id"),
                name="updated",
                type="All",
                color="#ffeedd",
                description="changed",
            ),
        ),
        case(
            "coordinator-assigned-then-type-changed",
            step(
                "AssignTagsToBoxes",
                "coordinator",
                labelIdentifiers=[f.label(1, "InStock", tagged=False)],
                tagIds=[all_tag],
            ),
            step(op, "coordinator", **same(all_tag, type="Beneficiary")),
        ),
    ]

    op = "deleteTags"
    cases[op] = [
        case("coordinator-one", step(op, "coordinator", ids=[box_tag])),
        case("coordinator-two", step(op, "coordinator", ids=[box_tag, all_tag])),
        case("coordinator-duplicate-ids", step(op, "coordinator", ids=[box_tag, box_tag])),
        case("coordinator-beneficiary-tag", step(op, "coordinator", ids=[beneficiary_tag])),
        case("coordinator-deleted-tag", step(op, "coordinator", ids=[deleted_tag])),
        case("coordinator-base2-tag", step(op, "coordinator", ids=[base2_tag])),
        case("coordinator-missing-tag", step(op, "coordinator", ids=[MISSING_ID])),
        case(
            "coordinator-mixed",
            step(op, "coordinator", ids=[MISSING_ID, base2_tag, deleted_tag, all_tag]),
        ),
        case("coordinator-empty-list", step(op, "coordinator", ids=[])),
        case("headofops-one", step(op, "headofops", ids=[box_tag])),
        case("god-two-bases", step(op, "god", ids=[box_tag, base2_tag, deleted_tag])),
        case("org2-three-bases", step(op, "org2", ids=[base2_tag, base3_tag, box_tag])),
        *per_user(op, "one", ("warehouse", "freeshop", "readonly"), ids=[box_tag]),
        case(
            "coordinator-created-then-deleted",
            step("CreateTag", "coordinator", baseId=1, **new),
            step(op, "coordinator", ids=[ref(0, "data", "createTag", "id", as_int=True)]),
        ),
    ]

    op = "ExtraDeleteTag"
    cases[op] = [
        case("coordinator-box-tag", step(op, "coordinator", id=str(box_tag))),
        case("coordinator-deleted-tag", step(op, "coordinator", id=str(deleted_tag))),
        case("coordinator-missing-tag", step(op, "coordinator", id=str(MISSING_ID))),
        case("coordinator-base2-tag", step(op, "coordinator", id=str(base2_tag))),
        case("god-base2-tag", step(op, "god", id=str(base2_tag))),
        *per_user(op, "box-tag", ("warehouse", "readonly"), id=str(box_tag)),
    ]

    untagged = f.box(1, "InStock", tagged=False)
    tagged_label = f.label(1, "InStock", tagged=True)
    tagged_id = f.box_row(tagged_label)["id"]
    assigned = f.active_tag_ids_of_box(tagged_label)[0]
    beneficiary = f.beneficiary(1)

    def tag_input(tag_id, resource_id, resource_type="Box") -> dict:
        return {"id": str(tag_id), "resourceId": str(resource_id), "resourceType": resource_type}

    op = "ExtraAssignTag"
    cases[op] = [
        case("coordinator-box", step(op, "coordinator", input=tag_input(box_tag, untagged[0]))),
        case(
            "coordinator-assigned-already",
            step(op, "coordinator", input=tag_input(assigned, tagged_id)),
        ),
        case(
            "coordinator-beneficiary-tag-on-box",
            step(op, "coordinator", input=tag_input(beneficiary_tag, untagged[0])),
        ),
        case(
            "coordinator-beneficiary",
            step(op, "coordinator", input=tag_input(beneficiary_tag, beneficiary, "Beneficiary")),
        ),
        case(
            "coordinator-base2-tag",
            step(op, "coordinator", input=tag_input(base2_tag, untagged[0])),
        ),
        case(
            "coordinator-missing-tag",
            step(op, "coordinator", input=tag_input(MISSING_ID, untagged[0])),
        ),
        case("warehouse-box", step(op, "warehouse", input=tag_input(box_tag, untagged[0]))),
        case("readonly-box", step(op, "readonly", input=tag_input(box_tag, untagged[0]))),
    ]
    op = "ExtraUnassignTag"
    cases[op] = [
        case("coordinator-assigned", step(op, "coordinator", input=tag_input(assigned, tagged_id))),
        case(
            "coordinator-not-assigned",
            step(op, "coordinator", input=tag_input(box_tag, untagged[0])),
        ),
        case(
            "coordinator-base2-tag", step(op, "coordinator", input=tag_input(base2_tag, tagged_id))
        ),
        case("warehouse-assigned", step(op, "warehouse", input=tag_input(assigned, tagged_id))),
        case("readonly-assigned", step(op, "readonly", input=tag_input(assigned, tagged_id))),
    ]
    return cases


# --- single boxes --------------------------------------------------------------------------


def box_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    box_tag, all_tag = f.tag(1, "Stock"), f.tag(1, "All")
    beneficiary_tag, deleted_tag = f.tag(1, "People"), f.tag(1, "Stock", deleted=True)
    base2_tag = f.tag(2, "Stock")
    warehouse, warehouse2 = f.location(1, "warehouse"), f.location(1, "warehouse2")
    donated, shop, deleted_location = (
        f.location(1, "donated"),
        f.location(1, "shop"),
        f.location(1, "deleted"),
    )
    product = f.custom_product(1, size_range=1)
    sizes = f.sizes(1)
    other_size = f.sizes(7)[0]  # not a size of the product's size range
    measure = f.measure_product(1)
    deleted_product = f.custom_product(1, deleted=True)
    base2_product, base2_location = f.custom_product(2, size_range=1), f.location(2, "warehouse")
    base3_product, base3_location = f.custom_product(3, size_range=1), f.location(3, "warehouse")

    op = "CreateBox"
    minimal = {
        "locationId": warehouse,
        "productId": product,
        "sizeId": sizes[0],
        "numberOfItems": 10,
    }
    cases[op] = [
        case("coordinator-minimal", step(op, "coordinator", **minimal)),
        case(
            "coordinator-all-fields",
            step(
                op,
                "coordinator",
                **minimal,
                weight=12.5,
                monetaryValue=20.25,
                comment="created by the compat suite",
                tagIds=[box_tag, all_tag],
                newTagNames=["fresh tag"],
                qrCode=f.unused_qr(),
            ),
        ),
        case(
            "coordinator-donated-location",
            step(op, "coordinator", **{**minimal, "locationId": donated}),
        ),
        case(
            "coordinator-shop-location", step(op, "coordinator", **{**minimal, "locationId": shop})
        ),
        case(
            "coordinator-deleted-location",
            step(op, "coordinator", **{**minimal, "locationId": deleted_location}),
        ),
        case(
            "coordinator-deleted-product",
            step(op, "coordinator", **{**minimal, "productId": deleted_product}),
        ),
        case("coordinator-zero-items", step(op, "coordinator", **{**minimal, "numberOfItems": 0})),
        case(
            "coordinator-negative-items",
            step(op, "coordinator", **{**minimal, "numberOfItems": -1}),
        ),
        case("coordinator-negative-weight", step(op, "coordinator", **minimal, weight=-1.0)),
        case("coordinator-negative-value", step(op, "coordinator", **minimal, monetaryValue=-0.5)),
        case(
            "coordinator-size-outside-range",
            step(op, "coordinator", **{**minimal, "sizeId": other_size}),
        ),
        case(
            "coordinator-missing-size", step(op, "coordinator", **{**minimal, "sizeId": MISSING_ID})
        ),
        case(
            "coordinator-measure-product-with-size",
            step(op, "coordinator", **{**minimal, "productId": measure, "sizeId": 52}),
        ),
        case("coordinator-tags", step(op, "coordinator", **minimal, tagIds=[box_tag, all_tag])),
        case(
            "coordinator-duplicate-tags",
            step(op, "coordinator", **minimal, tagIds=[box_tag, box_tag]),
        ),
        case(
            "coordinator-beneficiary-tag",
            step(op, "coordinator", **minimal, tagIds=[beneficiary_tag]),
        ),
        case("coordinator-deleted-tag", step(op, "coordinator", **minimal, tagIds=[deleted_tag])),
        case("coordinator-base2-tag", step(op, "coordinator", **minimal, tagIds=[base2_tag])),
        case("coordinator-missing-tag", step(op, "coordinator", **minimal, tagIds=[MISSING_ID])),
        case(
            "coordinator-empty-tags", step(op, "coordinator", **minimal, tagIds=[], newTagNames=[])
        ),
        case(
            "coordinator-new-tag-names",
            step(op, "coordinator", **minimal, newTagNames=["new one", "new one"]),
        ),
        case(
            "coordinator-new-tag-existing-name",
            step(op, "coordinator", **minimal, newTagNames=["west"]),
        ),
        case("coordinator-unused-qr", step(op, "coordinator", **minimal, qrCode=f.unused_qr())),
        case(
            "coordinator-used-qr",
            step(op, "coordinator", **minimal, qrCode=f.qr_of(f.label(1, "InStock", tagged=True))),
        ),
        case("coordinator-missing-qr", step(op, "coordinator", **minimal, qrCode=MISSING_QR)),
        case(
            "coordinator-base2-location",
            step(op, "coordinator", **{**minimal, "locationId": base2_location}),
        ),
        case(
            "coordinator-base2-product",
            step(op, "coordinator", **{**minimal, "productId": base2_product}),
        ),
        case(
            "coordinator-missing-location",
            step(op, "coordinator", **{**minimal, "locationId": MISSING_ID}),
        ),
        case(
            "coordinator-missing-product",
            step(op, "coordinator", **{**minimal, "productId": MISSING_ID}),
        ),
        case("headofops-minimal", step(op, "headofops", **minimal)),
        case("warehouse-minimal", step(op, "warehouse", **minimal)),
        case("warehouse-tags", step(op, "warehouse", **minimal, tagIds=[box_tag])),
        case(
            "warehouse-new-tag-names",
            step(op, "warehouse", **minimal, newTagNames=["by volunteer"]),
        ),
        *per_user(op, "minimal", DENIED_IN_BASE1, **minimal),
        case("god-minimal", step(op, "god", **minimal)),
        case(
            "god-base3",
            step(
                op,
                "god",
                locationId=base3_location,
                productId=base3_product,
                sizeId=sizes[0],
                numberOfItems=3,
            ),
        ),
        case(
            "god-product-location-base-mismatch",
            step(op, "god", **{**minimal, "productId": base2_product}),
        ),
        case("god-tag-of-other-base", step(op, "god", **minimal, tagIds=[base2_tag])),
        case("god-tags-of-two-bases", step(op, "god", **minimal, tagIds=[box_tag, base2_tag])),
        case(
            "org2-base2",
            step(
                op,
                "org2",
                locationId=base2_location,
                productId=base2_product,
                sizeId=sizes[1],
                numberOfItems=7,
            ),
        ),
    ]

    b1 = f.label(1, "InStock", tagged=True)
    b1_row = f.box_row(b1)
    untagged = f.label(1, "InStock", tagged=False)
    donated_box, not_delivered = f.label(1, "Donated"), f.label(1, "NotDelivered")
    measure_box = f.measure_box(1)
    removed_label, removed_tag = f.box_with_removed_tag(1)
    base2_box = f.label(2, "InStock")
    base2_marked = f.box_in_shipment(7, "MarkedForShipment")
    in_transit_to_base1 = f.box_in_shipment(6, "InTransit")
    base3_box = f.label(3, "InStock")

    def content(label: str, **changes) -> dict:
        row = f.box_row(label)
        values = {
            "boxLabelIdentifier": label,
            "productId": row["product_id"],
            "locationId": row["location_id"],
            "numberOfItems": row["items"],
            "sizeId": row["size_id"],
            "comment": row["comments"],
            "tagIds": f.active_tag_ids_of_box(label),
            "newTagNames": [],
        }
        if row["weight"] is not None:
            values["weight"] = float(row["weight"])
        if row["monetary_value"] is not None:
            values["monetaryValue"] = float(row["monetary_value"])
        return {**values, **changes}

    deleted_setup = step("DeleteBoxes", "god", labelIdentifiers=[untagged])
    op = "UpdateContentOfBox"
    cases[op] = [
        case("coordinator-no-change", step(op, "coordinator", **content(b1))),
        case(
            "coordinator-items-comment-weight-value",
            step(
                op,
                "coordinator",
                **content(b1, numberOfItems=3, comment="changed", weight=2.5, monetaryValue=7.0),
            ),
        ),
        case(
            "coordinator-product-and-size",
            step(op, "coordinator", **content(b1, productId=product, sizeId=sizes[2])),
        ),
        case("coordinator-size", step(op, "coordinator", **content(untagged, sizeId=52))),
        case(
            "coordinator-location",
            step(op, "coordinator", **content(b1, locationId=f.other_location(b1, 1))),
        ),
        case(
            "coordinator-donated-location",
            step(op, "coordinator", **content(b1, locationId=donated)),
        ),
        case(
            "coordinator-deleted-location",
            step(op, "coordinator", **content(b1, locationId=deleted_location)),
        ),
        case("coordinator-replace-tags", step(op, "coordinator", **content(b1, tagIds=[box_tag]))),
        case("coordinator-remove-all-tags", step(op, "coordinator", **content(b1, tagIds=[]))),
        case(
            "coordinator-tags-not-sent",
            step(
                op,
                "coordinator",
                **{k: v for k, v in content(b1, numberOfItems=1).items() if k != "tagIds"},
            ),
        ),
        case(
            "coordinator-readd-removed-tag",
            step(
                op,
                "coordinator",
                **content(
                    removed_label, tagIds=[*f.active_tag_ids_of_box(removed_label), removed_tag]
                ),
            ),
        ),
        case(
            "coordinator-new-tag-names",
            step(op, "coordinator", **content(b1, newTagNames=["added"])),
        ),
        case(
            "coordinator-beneficiary-tag",
            step(op, "coordinator", **content(b1, tagIds=[beneficiary_tag])),
        ),
        case(
            "coordinator-deleted-tag", step(op, "coordinator", **content(b1, tagIds=[deleted_tag]))
        ),
        case("coordinator-base2-tag", step(op, "coordinator", **content(b1, tagIds=[base2_tag]))),
        case(
            "coordinator-negative-items", step(op, "coordinator", **content(b1, numberOfItems=-5))
        ),
        case("coordinator-negative-weight", step(op, "coordinator", **content(b1, weight=-1.5))),
        case(
            "coordinator-negative-value", step(op, "coordinator", **content(b1, monetaryValue=-2.0))
        ),
        case(
            "coordinator-to-measure-product",
            step(op, "coordinator", **content(b1, productId=measure)),
        ),
        case(
            "coordinator-measure-box-to-sized-product",
            step(op, "coordinator", **content(measure_box, productId=product, sizeId=sizes[0])),
        ),
        case(
            "coordinator-base2-product",
            step(op, "coordinator", **content(b1, productId=base2_product)),
        ),
        case(
            "coordinator-base2-location",
            step(op, "coordinator", **content(b1, locationId=base2_location)),
        ),
        case(
            "coordinator-missing-product",
            step(op, "coordinator", **content(b1, productId=MISSING_ID)),
        ),
        case(
            "coordinator-missing-location",
            step(op, "coordinator", **content(b1, locationId=MISSING_ID)),
        ),
        case(
            "coordinator-missing-box",
            step(op, "coordinator", **content(b1, boxLabelIdentifier=MISSING_LABEL)),
        ),
        case(
            "coordinator-not-delivered-box",
            step(op, "coordinator", **content(not_delivered, numberOfItems=1)),
        ),
        case(
            "coordinator-donated-box",
            step(op, "coordinator", **content(donated_box, numberOfItems=1)),
        ),
        case(
            "coordinator-deleted-box",
            deleted_setup,
            step(op, "coordinator", **content(untagged, numberOfItems=1)),
        ),
        case(
            "coordinator-base2-box", step(op, "coordinator", **content(base2_box, numberOfItems=1))
        ),
        case("headofops-items", step(op, "headofops", **content(b1, numberOfItems=11))),
        case("warehouse-items", step(op, "warehouse", **content(b1, numberOfItems=12))),
        case(
            "warehouse-items-no-tags", step(op, "warehouse", **content(untagged, numberOfItems=12))
        ),
        *per_user(op, "items", DENIED_IN_BASE1, **content(b1, numberOfItems=13)),
        case("god-base2-location", step(op, "god", **content(b1, locationId=base2_location))),
        case("god-base2-product", step(op, "god", **content(b1, productId=base2_product))),
        case("god-base2-tag", step(op, "god", **content(b1, tagIds=[base2_tag]))),
        case("god-tags-of-two-bases", step(op, "god", **content(b1, tagIds=[box_tag, base2_tag]))),
        case(
            "org2-base2-box",
            step(op, "org2", **content(base2_box, numberOfItems=2, comment="org2")),
        ),
        case(
            "god-marked-for-shipment-box", step(op, "god", **content(base2_marked, numberOfItems=2))
        ),
    ]

    op = "UpdateLocationOfBox"
    cases[op] = [
        case(
            "coordinator-warehouse",
            step(op, "coordinator", boxLabelIdentifier=b1, newLocationId=f.other_location(b1, 1)),
        ),
        case(
            "coordinator-same-location",
            step(op, "coordinator", boxLabelIdentifier=b1, newLocationId=b1_row["location_id"]),
        ),
        case(
            "coordinator-donated",
            step(op, "coordinator", boxLabelIdentifier=b1, newLocationId=donated),
        ),
        case(
            "coordinator-shop", step(op, "coordinator", boxLabelIdentifier=b1, newLocationId=shop)
        ),
        case(
            "coordinator-deleted-location",
            step(op, "coordinator", boxLabelIdentifier=b1, newLocationId=deleted_location),
        ),
        case(
            "coordinator-donated-box-to-warehouse",
            step(op, "coordinator", boxLabelIdentifier=donated_box, newLocationId=warehouse),
        ),
        case(
            "coordinator-measure-box",
            step(
                op,
                "coordinator",
                boxLabelIdentifier=measure_box,
                newLocationId=f.other_location(measure_box, 1),
            ),
        ),
        case(
            "coordinator-base2-location",
            step(op, "coordinator", boxLabelIdentifier=b1, newLocationId=base2_location),
        ),
        case(
            "coordinator-missing-location",
            step(op, "coordinator", boxLabelIdentifier=b1, newLocationId=MISSING_ID),
        ),
        case(
            "coordinator-missing-box",
            step(op, "coordinator", boxLabelIdentifier=MISSING_LABEL, newLocationId=warehouse),
        ),
        case(
            "coordinator-not-delivered-box",
            step(op, "coordinator", boxLabelIdentifier=not_delivered, newLocationId=warehouse2),
        ),
        case(
            "coordinator-deleted-box",
            deleted_setup,
            step(op, "coordinator", boxLabelIdentifier=untagged, newLocationId=warehouse2),
        ),
        case(
            "coordinator-in-transit-box",
            step(
                op, "coordinator", boxLabelIdentifier=in_transit_to_base1, newLocationId=warehouse
            ),
        ),
        case(
            "warehouse-warehouse",
            step(op, "warehouse", boxLabelIdentifier=b1, newLocationId=warehouse),
        ),
        *per_user(op, "warehouse", DENIED_IN_BASE1, boxLabelIdentifier=b1, newLocationId=warehouse),
        case(
            "god-base2-location",
            step(op, "god", boxLabelIdentifier=b1, newLocationId=base2_location),
        ),
        case(
            "org2-base2-box",
            step(
                op,
                "org2",
                boxLabelIdentifier=base2_box,
                newLocationId=f.other_location(base2_box, 2),
            ),
        ),
    ]

    op = "UpdateNumberOfItems"
    cases[op] = [
        case("coordinator-fewer", step(op, "coordinator", boxLabelIdentifier=b1, numberOfItems=5)),
        case("coordinator-zero", step(op, "coordinator", boxLabelIdentifier=b1, numberOfItems=0)),
        case(
            "coordinator-same",
            step(op, "coordinator", boxLabelIdentifier=b1, numberOfItems=b1_row["items"]),
        ),
        case(
            "coordinator-negative", step(op, "coordinator", boxLabelIdentifier=b1, numberOfItems=-1)
        ),
        case(
            "coordinator-donated-box",
            step(op, "coordinator", boxLabelIdentifier=donated_box, numberOfItems=1),
        ),
        case(
            "coordinator-not-delivered-box",
            step(op, "coordinator", boxLabelIdentifier=not_delivered, numberOfItems=1),
        ),
        case(
            "coordinator-missing-box",
            step(op, "coordinator", boxLabelIdentifier=MISSING_LABEL, numberOfItems=1),
        ),
        case(
            "coordinator-deleted-box",
            deleted_setup,
            step(op, "coordinator", boxLabelIdentifier=untagged, numberOfItems=1),
        ),
        case(
            "coordinator-base2-box",
            step(op, "coordinator", boxLabelIdentifier=base2_box, numberOfItems=1),
        ),
        case("warehouse-fewer", step(op, "warehouse", boxLabelIdentifier=b1, numberOfItems=4)),
        *per_user(op, "fewer", DENIED_IN_BASE1, boxLabelIdentifier=b1, numberOfItems=4),
        case("god-base3-box", step(op, "god", boxLabelIdentifier=base3_box, numberOfItems=9)),
        case(
            "god-marked-for-shipment-box",
            step(op, "god", boxLabelIdentifier=base2_marked, numberOfItems=9),
        ),
        case("headofops-fewer", step(op, "headofops", boxLabelIdentifier=b1, numberOfItems=4)),
    ]

    op = "UpdateState"
    cases[op] = [
        *[
            case(
                f"coordinator-instock-to-{state}",
                step(op, "coordinator", boxLabelIdentifier=b1, newState=state),
            )
            for state in (
                "InStock",
                "Lost",
                "MarkedForShipment",
                "Receiving",
                "Donated",
                "Scrap",
                "InTransit",
                "NotDelivered",
            )
        ],
        case(
            "coordinator-donated-to-instock",
            step(op, "coordinator", boxLabelIdentifier=donated_box, newState="InStock"),
        ),
        case(
            "coordinator-not-delivered-box",
            step(op, "coordinator", boxLabelIdentifier=not_delivered, newState="InStock"),
        ),
        case(
            "coordinator-missing-box",
            step(op, "coordinator", boxLabelIdentifier=MISSING_LABEL, newState="Lost"),
        ),
        case(
            "coordinator-deleted-box",
            deleted_setup,
            step(op, "coordinator", boxLabelIdentifier=untagged, newState="Lost"),
        ),
        case(
            "coordinator-base2-box",
            step(op, "coordinator", boxLabelIdentifier=base2_box, newState="Lost"),
        ),
        case(
            "coordinator-invalid-state",
            step(op, "coordinator", boxLabelIdentifier=b1, newState="Broken"),
        ),
        case("warehouse-lost", step(op, "warehouse", boxLabelIdentifier=b1, newState="Lost")),
        *per_user(op, "lost", DENIED_IN_BASE1, boxLabelIdentifier=b1, newState="Lost"),
        case("god-base3-scrap", step(op, "god", boxLabelIdentifier=base3_box, newState="Scrap")),
    ]

    op = "CreateBoxFromBox"
    source_items = b1_row["items"]
    from_box = {"sourceBoxLabelIdentifier": b1, "numberOfItems": 10, "locationId": warehouse}
    cases[op] = [
        case("coordinator-some-items", step(op, "coordinator", **from_box)),
        case(
            "coordinator-all-items",
            step(op, "coordinator", **{**from_box, "numberOfItems": source_items}),
        ),
        case("coordinator-zero-items", step(op, "coordinator", **{**from_box, "numberOfItems": 0})),
        case(
            "coordinator-too-many-items",
            step(op, "coordinator", **{**from_box, "numberOfItems": source_items + 1}),
        ),
        case(
            "coordinator-negative-items",
            step(op, "coordinator", **{**from_box, "numberOfItems": -1}),
        ),
        case(
            "coordinator-same-location",
            step(op, "coordinator", **{**from_box, "locationId": b1_row["location_id"]}),
        ),
        case(
            "coordinator-donated-location",
            step(op, "coordinator", **{**from_box, "locationId": donated}),
        ),
        case(
            "coordinator-deleted-location",
            step(op, "coordinator", **{**from_box, "locationId": deleted_location}),
        ),
        case(
            "coordinator-missing-location",
            step(op, "coordinator", **{**from_box, "locationId": MISSING_ID}),
        ),
        case(
            "coordinator-base2-location",
            step(op, "coordinator", **{**from_box, "locationId": base2_location}),
        ),
        case(
            "coordinator-missing-box",
            step(op, "coordinator", **{**from_box, "sourceBoxLabelIdentifier": MISSING_LABEL}),
        ),
        case(
            "coordinator-base2-box",
            step(op, "coordinator", **{**from_box, "sourceBoxLabelIdentifier": base2_box}),
        ),
        case(
            "coordinator-not-delivered-box",
            step(
                op,
                "coordinator",
                **{**from_box, "sourceBoxLabelIdentifier": not_delivered, "numberOfItems": 1},
            ),
        ),
        case(
            "coordinator-donated-box",
            step(
                op,
                "coordinator",
                **{**from_box, "sourceBoxLabelIdentifier": donated_box, "numberOfItems": 1},
            ),
        ),
        case(
            "coordinator-measure-box",
            step(
                op,
                "coordinator",
                **{**from_box, "sourceBoxLabelIdentifier": measure_box, "numberOfItems": 1},
            ),
        ),
        case(
            "coordinator-deleted-box",
            deleted_setup,
            step(
                op,
                "coordinator",
                **{**from_box, "sourceBoxLabelIdentifier": untagged, "numberOfItems": 1},
            ),
        ),
        case(
            "coordinator-twice",
            step(op, "coordinator", **from_box),
            step(
                op,
                "coordinator",
                **{
                    **from_box,
                    "sourceBoxLabelIdentifier": ref(
                        0, "data", "createBoxFromBox", "labelIdentifier"
                    ),
                    "numberOfItems": 4,
                },
            ),
        ),
        case("warehouse-some-items", step(op, "warehouse", **from_box)),
        *per_user(op, "some-items", DENIED_IN_BASE1, **from_box),
        case(
            "god-base2-box-to-base1",
            step(op, "god", **{**from_box, "sourceBoxLabelIdentifier": base2_box}),
        ),
        case(
            "org2-base2-box",
            step(
                op,
                "org2",
                sourceBoxLabelIdentifier=base2_box,
                numberOfItems=1,
                locationId=f.other_location(base2_box, 2),
            ),
        ),
    ]

    op = "UpdateMarkedForShipmentBox"
    cases[op] = [
        case("org2-weight", step(op, "org2", labelIdentifier=base2_marked, weight=5.5)),
        case("org2-value", step(op, "org2", labelIdentifier=base2_marked, monetaryValue=12.75)),
        case(
            "org2-both",
            step(op, "org2", labelIdentifier=base2_marked, weight=1.25, monetaryValue=3.0),
        ),
        case("org2-nothing", step(op, "org2", labelIdentifier=base2_marked)),
        case("org2-negative-weight", step(op, "org2", labelIdentifier=base2_marked, weight=-1.0)),
        case(
            "org2-negative-value",
            step(op, "org2", labelIdentifier=base2_marked, monetaryValue=-1.0),
        ),
        case("org2-instock-box", step(op, "org2", labelIdentifier=base2_box, weight=1.0)),
        case("god-weight", step(op, "god", labelIdentifier=base2_marked, weight=2.0)),
        case(
            "coordinator-base2-box",
            step(op, "coordinator", labelIdentifier=base2_marked, weight=2.0),
        ),
        case(
            "coordinator-base1-instock-box", step(op, "coordinator", labelIdentifier=b1, weight=2.0)
        ),
        case(
            "coordinator-missing-box",
            step(op, "coordinator", labelIdentifier=MISSING_LABEL, weight=2.0),
        ),
    ]

    op = "CreateQrCode"
    cases[op] = [
        case("coordinator-base1-box", step(op, "coordinator", boxLabelIdentifier=b1)),
        case(
            "coordinator-in-transit-to-base1",
            step(op, "coordinator", boxLabelIdentifier=in_transit_to_base1),
        ),
        case("coordinator-base2-box", step(op, "coordinator", boxLabelIdentifier=base2_box)),
        case("coordinator-missing-box", step(op, "coordinator", boxLabelIdentifier=MISSING_LABEL)),
        case(
            "coordinator-deleted-box",
            deleted_setup,
            step(op, "coordinator", boxLabelIdentifier=untagged),
        ),
        case(
            "coordinator-twice",
            step(op, "coordinator", boxLabelIdentifier=b1),
            step(op, "coordinator", boxLabelIdentifier=b1),
        ),
        case("warehouse-base1-box", step(op, "warehouse", boxLabelIdentifier=b1)),
        *per_user(op, "base1-box", DENIED_IN_BASE1, boxLabelIdentifier=b1),
        case("god-base3-box", step(op, "god", boxLabelIdentifier=base3_box)),
        case("org2-base2-box", step(op, "org2", boxLabelIdentifier=base2_box)),
    ]
    return cases


# --- bulk box actions -----------------------------------------------------------------------


def bulk_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    box_tag, all_tag = f.tag(1, "Stock"), f.tag(1, "All")
    beneficiary_tag, deleted_tag = f.tag(1, "People"), f.tag(1, "Stock", deleted=True)
    base2_tag = f.tag(2, "Stock")
    in_stock = f.labels(1, "InStock", 3)
    untagged = f.label(1, "InStock", tagged=False)
    donated_box, not_delivered = f.label(1, "Donated"), f.label(1, "NotDelivered")
    base2_box, base3_box = f.label(2, "InStock"), f.label(3, "InStock")
    base2_marked = f.box_in_shipment(7, "MarkedForShipment")
    removed_label, removed_tag = f.box_with_removed_tag(1)
    warehouse, donated = f.location(1, "warehouse"), f.location(1, "donated")
    deleted_location, base2_location = f.location(1, "deleted"), f.location(2, "warehouse")
    deleted_setup = step("DeleteBoxes", "god", labelIdentifiers=[untagged])

    op = "DeleteBoxes"
    cases[op] = [
        case("coordinator-one", step(op, "coordinator", labelIdentifiers=in_stock[:1])),
        case("coordinator-three", step(op, "coordinator", labelIdentifiers=in_stock)),
        case(
            "coordinator-duplicates",
            step(op, "coordinator", labelIdentifiers=[in_stock[0], in_stock[0]]),
        ),
        case("coordinator-donated-box", step(op, "coordinator", labelIdentifiers=[donated_box])),
        case(
            "coordinator-not-delivered-box",
            step(op, "coordinator", labelIdentifiers=[not_delivered]),
        ),
        case("coordinator-base2-box", step(op, "coordinator", labelIdentifiers=[base2_box])),
        case("coordinator-missing-box", step(op, "coordinator", labelIdentifiers=[MISSING_LABEL])),
        case(
            "coordinator-mixed",
            step(
                op,
                "coordinator",
                labelIdentifiers=[
                    MISSING_LABEL,
                    base2_box,
                    not_delivered,
                    in_stock[1],
                    donated_box,
                ],
            ),
        ),
        case("coordinator-empty-list", step(op, "coordinator", labelIdentifiers=[])),
        case(
            "coordinator-deleted-box",
            deleted_setup,
            step(op, "coordinator", labelIdentifiers=[untagged]),
        ),
        case("headofops-one", step(op, "headofops", labelIdentifiers=in_stock[:1])),
        case("warehouse-one", step(op, "warehouse", labelIdentifiers=in_stock[:1])),
        *[
            case(f"{user}-one", step(op, user, labelIdentifiers=in_stock[:1]))
            for user in DENIED_IN_BASE1
        ],
        case(
            "god-two-bases",
            step(op, "god", labelIdentifiers=[in_stock[0], base2_box, base2_marked]),
        ),
        case(
            "org2-three-bases",
            step(op, "org2", labelIdentifiers=[base2_box, base3_box, in_stock[0]]),
        ),
    ]

    op = "MoveBoxesToLocation"
    move = {"labelIdentifiers": in_stock, "locationId": f.location(1, "warehouse2")}
    cases[op] = [
        case("coordinator-three", step(op, "coordinator", **move)),
        case("coordinator-to-donated", step(op, "coordinator", **{**move, "locationId": donated})),
        case(
            "coordinator-donated-box-to-warehouse",
            step(op, "coordinator", labelIdentifiers=[donated_box], locationId=warehouse),
        ),
        case(
            "coordinator-already-there",
            step(
                op,
                "coordinator",
                labelIdentifiers=[in_stock[0]],
                locationId=f.box_location(in_stock[0]),
            ),
        ),
        case(
            "coordinator-mixed",
            step(
                op,
                "coordinator",
                labelIdentifiers=[in_stock[0], base2_box, not_delivered, MISSING_LABEL],
                locationId=warehouse,
            ),
        ),
        case(
            "coordinator-deleted-location",
            step(op, "coordinator", **{**move, "locationId": deleted_location}),
        ),
        case(
            "coordinator-missing-location",
            step(op, "coordinator", **{**move, "locationId": MISSING_ID}),
        ),
        case(
            "coordinator-base2-location",
            step(op, "coordinator", **{**move, "locationId": base2_location}),
        ),
        case(
            "coordinator-empty-list",
            step(op, "coordinator", labelIdentifiers=[], locationId=warehouse),
        ),
        case(
            "coordinator-deleted-box",
            deleted_setup,
            step(op, "coordinator", labelIdentifiers=[untagged], locationId=donated),
        ),
        case("headofops-three", step(op, "headofops", **move)),
        case("warehouse-three", step(op, "warehouse", **move)),
        *[case(f"{user}-three", step(op, user, **move)) for user in DENIED_IN_BASE1],
        case("god-base1-boxes-to-base2", step(op, "god", **{**move, "locationId": base2_location})),
        case(
            "org2-base2-box",
            step(
                op,
                "org2",
                labelIdentifiers=[base2_box, base3_box],
                locationId=f.other_location(base2_box, 2),
            ),
        ),
    ]

    op = "AssignTagsToBoxes"
    tagged_label = f.label(1, "InStock", tagged=True)
    assigned = f.active_tag_ids_of_box(tagged_label)[0]
    cases[op] = [
        case(
            "coordinator-one-tag",
            step(op, "coordinator", labelIdentifiers=in_stock, tagIds=[box_tag]),
        ),
        case(
            "coordinator-two-tags",
            step(op, "coordinator", labelIdentifiers=in_stock, tagIds=[box_tag, all_tag]),
        ),
        case(
            "coordinator-already-assigned",
            step(op, "coordinator", labelIdentifiers=[tagged_label], tagIds=[assigned]),
        ),
        case(
            "coordinator-removed-before",
            step(op, "coordinator", labelIdentifiers=[removed_label], tagIds=[removed_tag]),
        ),
        case(
            "coordinator-beneficiary-tag",
            step(op, "coordinator", labelIdentifiers=in_stock, tagIds=[beneficiary_tag]),
        ),
        case(
            "coordinator-deleted-tag",
            step(op, "coordinator", labelIdentifiers=in_stock, tagIds=[deleted_tag]),
        ),
        case(
            "coordinator-base2-tag",
            step(op, "coordinator", labelIdentifiers=in_stock, tagIds=[base2_tag]),
        ),
        case(
            "coordinator-missing-tag",
            step(op, "coordinator", labelIdentifiers=in_stock, tagIds=[MISSING_ID]),
        ),
        case(
            "coordinator-valid-and-invalid-tags",
            step(
                op,
                "coordinator",
                labelIdentifiers=in_stock,
                tagIds=[box_tag, beneficiary_tag, MISSING_ID],
            ),
        ),
        case(
            "coordinator-mixed-boxes",
            step(
                op,
                "coordinator",
                labelIdentifiers=[
                    in_stock[0],
                    donated_box,
                    not_delivered,
                    base2_box,
                    MISSING_LABEL,
                ],
                tagIds=[all_tag],
            ),
        ),
        case("coordinator-empty-lists", step(op, "coordinator", labelIdentifiers=[], tagIds=[])),
        case(
            "coordinator-deleted-box",
            deleted_setup,
            step(op, "coordinator", labelIdentifiers=[untagged], tagIds=[box_tag]),
        ),
        case(
            "headofops-one-tag", step(op, "headofops", labelIdentifiers=in_stock, tagIds=[box_tag])
        ),
        *[
            case(f"{user}-one-tag", step(op, user, labelIdentifiers=in_stock, tagIds=[box_tag]))
            for user in ("warehouse", *DENIED_IN_BASE1)
        ],
        case(
            "god-tags-of-two-bases",
            step(op, "god", labelIdentifiers=in_stock, tagIds=[box_tag, base2_tag]),
        ),
        case(
            "god-base2-tag-base1-boxes",
            step(op, "god", labelIdentifiers=[*in_stock, base2_box], tagIds=[base2_tag]),
        ),
        case(
            "org2-base2",
            step(op, "org2", labelIdentifiers=[base2_box, base3_box], tagIds=[base2_tag]),
        ),
    ]

    op = "UnassignTagsFromBoxes"
    cases[op] = [
        case(
            "coordinator-assigned",
            step(op, "coordinator", labelIdentifiers=[tagged_label], tagIds=[assigned]),
        ),
        case(
            "coordinator-all-of-a-box",
            step(
                op,
                "coordinator",
                labelIdentifiers=[tagged_label],
                tagIds=f.active_tag_ids_of_box(tagged_label),
            ),
        ),
        case(
            "coordinator-not-assigned",
            step(op, "coordinator", labelIdentifiers=[untagged], tagIds=[box_tag]),
        ),
        case(
            "coordinator-removed-before",
            step(op, "coordinator", labelIdentifiers=[removed_label], tagIds=[removed_tag]),
        ),
        case(
            "coordinator-deleted-tag",
            step(op, "coordinator", labelIdentifiers=in_stock, tagIds=[deleted_tag]),
        ),
        case(
            "coordinator-beneficiary-tag",
            step(op, "coordinator", labelIdentifiers=in_stock, tagIds=[beneficiary_tag]),
        ),
        case(
            "coordinator-base2-tag",
            step(op, "coordinator", labelIdentifiers=[tagged_label], tagIds=[base2_tag]),
        ),
        case(
            "coordinator-missing-tag",
            step(op, "coordinator", labelIdentifiers=[tagged_label], tagIds=[MISSING_ID]),
        ),
        case(
            "coordinator-mixed-boxes",
            step(
                op,
                "coordinator",
                labelIdentifiers=[tagged_label, donated_box, base2_box, MISSING_LABEL],
                tagIds=[assigned],
            ),
        ),
        case("coordinator-empty-lists", step(op, "coordinator", labelIdentifiers=[], tagIds=[])),
        case(
            "coordinator-assigned-then-unassigned",
            step("AssignTagsToBoxes", "coordinator", labelIdentifiers=in_stock, tagIds=[box_tag]),
            step(op, "coordinator", labelIdentifiers=in_stock, tagIds=[box_tag]),
        ),
        case(
            "headofops-assigned",
            step(op, "headofops", labelIdentifiers=[tagged_label], tagIds=[assigned]),
        ),
        *[
            case(
                f"{user}-assigned",
                step(op, user, labelIdentifiers=[tagged_label], tagIds=[assigned]),
            )
            for user in ("warehouse", *DENIED_IN_BASE1)
        ],
        case(
            "god-tags-of-two-bases",
            step(op, "god", labelIdentifiers=[tagged_label], tagIds=[assigned, base2_tag]),
        ),
    ]
    return cases


# --- products --------------------------------------------------------------------------------


def product_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    custom = f.custom_product(1, size_range=1)
    deleted_custom = f.custom_product(1, deleted=True)
    instantiation = f.instantiation(1)
    disabled = f.instantiation(1, deleted=True)
    base2_custom, base2_instantiation = f.custom_product(2), f.instantiation(2)
    not_enabled = f.standard_product_not_enabled(1)
    new = {
        "baseId": 1,
        "name": "compat product",
        "categoryId": 12,
        "sizeRangeId": 1,
        "gender": "Women",
    }
    full = {**new, "price": 5, "inShop": True, "comment": "made by the compat suite"}

    op = "CreateCustomProduct"
    cases[op] = [
        case("coordinator-minimal", step(op, "coordinator", **new)),
        case("coordinator-all-fields", step(op, "coordinator", **full)),
        case("coordinator-zero-price", step(op, "coordinator", **{**full, "price": 0})),
        case("coordinator-negative-price", step(op, "coordinator", **{**full, "price": -1})),
        case("coordinator-empty-name", step(op, "coordinator", **{**new, "name": ""})),
        case("coordinator-gender-none", step(op, "coordinator", **{**new, "gender": "none"})),
        case(
            "coordinator-missing-category",
            step(op, "coordinator", **{**new, "categoryId": MISSING_ID}),
        ),
        case(
            "coordinator-missing-size-range",
            step(op, "coordinator", **{**new, "sizeRangeId": MISSING_ID}),
        ),
        case("coordinator-base2", step(op, "coordinator", **{**new, "baseId": 2})),
        case("coordinator-nobase", step(op, "coordinator", **{**new, "baseId": MISSING_ID})),
        case("headofops-minimal", step(op, "headofops", **new)),
        *per_user(op, "minimal", ("warehouse", "freeshop", "readonly", "org2"), **new),
        case("god-base3", step(op, "god", **{**full, "baseId": 3})),
        case("god-nobase", step(op, "god", **{**new, "baseId": MISSING_ID})),
        case("org2-base2", step(op, "org2", **{**full, "baseId": 2})),
    ]

    product_row = {
        row[0]: row[1:]
        for row in f.rows(
            "SELECT id, name, category_id, sizegroup_id, gender_id, value, stockincontainer,"
            " comments FROM products WHERE id IN (%s, %s, %s, %s)",
            custom,
            deleted_custom,
            base2_custom,
            instantiation,
        )
    }
    genders = dict(f.rows("SELECT id, label FROM genders"))
    gender_enum = {
        "Female": "Women",
        "Male": "Men",
        "Unisex Adult": "UnisexAdult",
        "Girl": "Girl",
        "Boy": "Boy",
        "Unisex Kid": "UnisexKid",
        "Baby Girl": "BabyGirl",
        "Baby Boy": "BabyBoy",
        "Unisex Baby": "UnisexBaby",
        "-": "none",
        "Teen Girl": "TeenGirl",
        "Teen Boy": "TeenBoy",
    }

    def edit(product_id: int, **changes) -> dict:
        name, category, size_range, gender, price, in_shop, comment = product_row[product_id]
        values = {
            "id": product_id,
            "name": name,
            "categoryId": category,
            "sizeRangeId": size_range,
            "gender": gender_enum[genders[gender]],
            "price": price,
            "inShop": bool(in_shop),
            "comment": comment,
        }
        return {**values, **changes}

    op = "EditCustomProduct"
    cases[op] = [
        case("coordinator-name", step(op, "coordinator", **edit(custom, name="renamed product"))),
        case(
            "coordinator-all-fields",
            step(
                op,
                "coordinator",
                **edit(
                    custom,
                    name="x",
                    categoryId=2,
                    sizeRangeId=6,
                    gender="Men",
                    price=3,
                    inShop=True,
                    comment="c",
                ),
            ),
        ),
        case("coordinator-no-change", step(op, "coordinator", **edit(custom))),
        case("coordinator-empty-name", step(op, "coordinator", **edit(custom, name=""))),
        case("coordinator-negative-price", step(op, "coordinator", **edit(custom, price=-3))),
        case(
            "coordinator-missing-category",
            step(op, "coordinator", **edit(custom, categoryId=MISSING_ID)),
        ),
        case(
            "coordinator-missing-size-range",
            step(op, "coordinator", **edit(custom, sizeRangeId=MISSING_ID)),
        ),
        case(
            "coordinator-deleted-product",
            step(op, "coordinator", **edit(deleted_custom, name="revived?")),
        ),
        case(
            "coordinator-standard-instantiation",
            step(op, "coordinator", **edit(instantiation, name="x")),
        ),
        case("coordinator-missing-product", step(op, "coordinator", **edit(custom, id=MISSING_ID))),
        case("coordinator-base2-product", step(op, "coordinator", **edit(base2_custom, name="x"))),
        case("headofops-name", step(op, "headofops", **edit(custom, name="by head of ops"))),
        *per_user(
            op, "name", ("warehouse", "freeshop", "readonly", "org2"), **edit(custom, name="x")
        ),
        case("god-base2-product", step(op, "god", **edit(base2_custom, price=8))),
        case(
            "coordinator-created-then-edited",
            step("CreateCustomProduct", "coordinator", **new),
            step(
                op,
                "coordinator",
                id=ref(0, "data", "createCustomProduct", "id"),
                name="edited",
                categoryId=1,
                sizeRangeId=7,
                gender="Boy",
                price=2,
                inShop=False,
                comment="edited",
            ),
        ),
    ]

    op = "DeleteProduct"
    created = step("CreateCustomProduct", "coordinator", **new)
    cases[op] = [
        case("coordinator-with-boxes", step(op, "coordinator", productId=custom)),
        case("coordinator-deleted", step(op, "coordinator", productId=deleted_custom)),
        case(
            "coordinator-standard-instantiation", step(op, "coordinator", productId=instantiation)
        ),
        case("coordinator-missing", step(op, "coordinator", productId=MISSING_ID)),
        case("coordinator-base2-product", step(op, "coordinator", productId=base2_custom)),
        case(
            "coordinator-created-then-deleted",
            created,
            step(op, "coordinator", productId=ref(0, "data", "createCustomProduct", "id")),
        ),
        case(
            "headofops-created-then-deleted",
            created,
            step(op, "headofops", productId=ref(0, "data", "createCustomProduct", "id")),
        ),
        case(
            "god-created-then-deleted",
            created,
            step(op, "god", productId=ref(0, "data", "createCustomProduct", "id")),
        ),
        case(
            "coordinator-deleted-twice",
            created,
            step(op, "coordinator", productId=ref(0, "data", "createCustomProduct", "id")),
            step(op, "coordinator", productId=ref(0, "data", "createCustomProduct", "id")),
        ),
        *[
            case(
                f"{user}-created-then-deleted",
                created,
                step(op, user, productId=ref(0, "data", "createCustomProduct", "id")),
            )
            for user in ("warehouse", "freeshop", "readonly", "org2")
        ],
    ]

    enable = {"baseId": 1, "standardProductId": not_enabled}
    op = "EnableStandardProductMutation"
    cases[op] = [
        case("coordinator-minimal", step(op, "coordinator", **enable)),
        case(
            "coordinator-all-fields",
            step(op, "coordinator", **enable, comment="enabled", inShop=True, price=4),
        ),
        case("coordinator-empty-comment", step(op, "coordinator", **enable, comment="")),
        case("coordinator-negative-price", step(op, "coordinator", **enable, price=-2)),
        case(
            "coordinator-already-enabled",
            step(
                op, "coordinator", baseId=1, standardProductId=f.standard_product_of(instantiation)
            ),
        ),
        case(
            "coordinator-disabled-before",
            step(
                op,
                "coordinator",
                baseId=1,
                standardProductId=f.standard_product_of(disabled),
                comment="back",
            ),
        ),
        case(
            "coordinator-missing-standard-product",
            step(op, "coordinator", baseId=1, standardProductId=MISSING_ID),
        ),
        case("coordinator-base2", step(op, "coordinator", baseId=2, standardProductId=not_enabled)),
        case("headofops-minimal", step(op, "headofops", **enable)),
        *per_user(op, "minimal", ("warehouse", "freeshop", "readonly", "org2"), **enable),
        case(
            "god-base3",
            step(op, "god", baseId=3, standardProductId=f.standard_product_not_enabled(3)),
        ),
        case("god-nobase", step(op, "god", baseId=MISSING_ID, standardProductId=not_enabled)),
        case(
            "org2-base2",
            step(op, "org2", baseId=2, standardProductId=f.standard_product_not_enabled(2)),
        ),
    ]

    op = "EditStandardProductMutation"
    cases[op] = [
        case("coordinator-comment", step(op, "coordinator", id=instantiation, comment="edited")),
        case(
            "coordinator-all-fields",
            step(op, "coordinator", id=instantiation, comment="x", inShop=True, price=9),
        ),
        case("coordinator-nothing", step(op, "coordinator", id=instantiation)),
        case("coordinator-negative-price", step(op, "coordinator", id=instantiation, price=-1)),
        case("coordinator-custom-product", step(op, "coordinator", id=custom, comment="x")),
        case("coordinator-disabled", step(op, "coordinator", id=disabled, comment="x")),
        case("coordinator-missing", step(op, "coordinator", id=MISSING_ID, comment="x")),
        case("coordinator-base2", step(op, "coordinator", id=base2_instantiation, comment="x")),
        case("headofops-price", step(op, "headofops", id=instantiation, price=2)),
        *per_user(
            op,
            "comment",
            ("warehouse", "freeshop", "readonly", "org2"),
            id=instantiation,
            comment="x",
        ),
        case("god-base2", step(op, "god", id=base2_instantiation, inShop=True)),
    ]

    op = "DisableStandardProduct"
    enabled = step("EnableStandardProductMutation", "coordinator", **enable)
    new_id = ref(0, "data", "enableStandardProduct", "id")
    cases[op] = [
        case("coordinator-with-boxes", step(op, "coordinator", instantiationId=instantiation)),
        case("coordinator-disabled", step(op, "coordinator", instantiationId=disabled)),
        case("coordinator-custom-product", step(op, "coordinator", instantiationId=custom)),
        case("coordinator-missing", step(op, "coordinator", instantiationId=MISSING_ID)),
        case("coordinator-base2", step(op, "coordinator", instantiationId=base2_instantiation)),
        case(
            "coordinator-enabled-then-disabled",
            enabled,
            step(op, "coordinator", instantiationId=new_id),
        ),
        case(
            "headofops-enabled-then-disabled",
            enabled,
            step(op, "headofops", instantiationId=new_id),
        ),
        case("god-enabled-then-disabled", enabled, step(op, "god", instantiationId=new_id)),
        case(
            "coordinator-disabled-then-enabled-again",
            enabled,
            step(op, "coordinator", instantiationId=new_id),
            step("EnableStandardProductMutation", "coordinator", **enable, price=1),
        ),
        *[
            case(f"{user}-enabled-then-disabled", enabled, step(op, user, instantiationId=new_id))
            for user in ("warehouse", "freeshop", "readonly", "org2")
        ],
    ]
    return cases


def mutation_cases(facts: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    for generator in (tag_cases, box_cases, bulk_cases, product_cases):
        cases.update(generator(facts))
    return cases
