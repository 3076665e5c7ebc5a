"""Mutation cases for what the original does that reading its code suggests and only
its answers can confirm: inputs it does not check (deleted tags, blank names, short
colours), tags across bases, and how it records weights and values that a float
cannot hold exactly (the frontend sends every field of a box on each save).

Case names end in their own words, so they never meet those of `mutationcases`.
"""

from __future__ import annotations

from .querycases import case, step
from .seedfacts import SeedFacts


def fidelity_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    box_label = f.label(1, "InStock", tagged=False)
    box_id = f.box_row(box_label)["id"]
    base3_box = f.box_row(f.label(3, "InStock"))["id"]
    box_tag, deleted_tag = f.tag(1, "Stock"), f.tag(1, "Stock", deleted=True)

    def tag_input(tag_id, resource_id) -> dict:
        return {"id": str(tag_id), "resourceId": str(resource_id), "resourceType": "Box"}

    op = "ExtraAssignTag"
    cases[op] = [
        case(
            "coordinator-deleted-tag", step(op, "coordinator", input=tag_input(deleted_tag, box_id))
        ),
        case(
            "coordinator-box-of-base3", step(op, "coordinator", input=tag_input(box_tag, base3_box))
        ),
        case("headofops-box-tag", step(op, "headofops", input=tag_input(box_tag, box_id))),
    ]
    op = "ExtraUnassignTag"
    cases[op] = [
        case(
            "coordinator-box-of-base3", step(op, "coordinator", input=tag_input(box_tag, base3_box))
        ),
        case(
            "coordinator-deleted-tag", step(op, "coordinator", input=tag_input(deleted_tag, box_id))
        ),
    ]

    row = f.box_row(box_label)

    def content(**changes) -> dict:
        values = {
            "boxLabelIdentifier": box_label,
            "productId": row["product_id"],
            "locationId": row["location_id"],
            "numberOfItems": row["items"],
            "sizeId": row["size_id"],
            "comment": row["comments"],
            "tagIds": [],
            "newTagNames": [],
        }
        return {**values, **changes}

    op = "UpdateContentOfBox"
    inexact = content(weight=2.355, monetaryValue=12.3)
    cases[op] = [
        case(
            "coordinator-inexact-floats-sent-again",
            step(op, "coordinator", **inexact),
            step(op, "coordinator", **inexact),
        ),
        case(
            "coordinator-inexact-floats-then-changed",
            step(op, "coordinator", **inexact),
            step(op, "coordinator", **content(weight=3.0, monetaryValue=0.1)),
        ),
        case(
            "coordinator-exact-floats-sent-again",
            step(op, "coordinator", **content(weight=2.5, monetaryValue=12.25)),
            step(op, "coordinator", **content(weight=2.5, monetaryValue=12.25)),
        ),
        case(
            "coordinator-half-cent-values",
            step(op, "coordinator", **content(weight=0.125, monetaryValue=1.005)),
            step(op, "coordinator", **content(weight=0.135, monetaryValue=2.675)),
        ),
    ]

    op = "UpdateTag"
    name, color = f.rows("SELECT label, color FROM tags WHERE id = %s", box_tag)[0]
    cases[op] = [
        case(
            "coordinator-blank-name",
            step(op, "coordinator", id=box_tag, name="   ", type="Box", color=color),
        ),
        case(
            "coordinator-short-color",
            step(op, "coordinator", id=box_tag, name=name, type="Box", color="#AbC"),
        ),
    ]
    op = "CreateTag"
    new_tag = {"baseId": 1, "type": "Box", "description": ""}
    cases[op] = [
        case(
            "coordinator-base1-blank-name",
            step(op, "coordinator", **new_tag, name="  ", color="#123456"),
        ),
        case(
            "coordinator-base1-color-newline",
            step(op, "coordinator", **new_tag, name="compat", color="#abc\n"),
        ),
        case(
            "coordinator-base1-color-four-digits",
            step(op, "coordinator", **new_tag, name="compat", color="#abcd"),
        ),
    ]
    op = "CreateCustomProduct"
    product = {"baseId": 1, "categoryId": 12, "sizeRangeId": 1, "gender": "Women"}
    cases[op] = [
        case("coordinator-blank-name", step(op, "coordinator", **product, name="   ")),
        case(
            "coordinator-explicit-null-comment",
            step(op, "coordinator", **product, name="compat", comment=None),
        ),
    ]
    return cases
