"""The everyday box mutations of the warehouse views, done by the other users in their
own bases and tried on other bases: the head of operations and the warehouse
volunteer of base 1, the coordinator of organisation 2 in bases 2 and 3, and god in
base 3. Successes, history rows and denials per user, with the seed's own boxes,
products, sizes, locations and tags of each base.

Case names are "<user>-<base>-<what>-by-user", apart from those of `mutationcases`.
"""

from __future__ import annotations

from .querycases import case, step
from .seedfacts import SeedFacts

# (user, base the user works in, a base of another organisation or one they lack).
USERS = [
    ("headofops", 1, 3),
    ("warehouse", 1, 2),
    ("org2", 2, 1),
    ("org2", 3, 4),
    ("god", 3, 1),
]


def other_users_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}

    def add(op: str, name: str, *steps: dict) -> None:
        cases.setdefault(op, []).append(case(name, *steps))

    for user, base, other in USERS:
        prefix = f"{user}-base{base}"
        first, second = f.labels(base, "InStock", 2)
        foreign = f.label(other, "InStock")
        row = f.box_row(first)
        product = f.custom_product(base)
        sizes = f.sizes(f.product_size_range(product))
        warehouse = f.location(base, "warehouse")
        tag = f.tag(base, "All")

        add(
            "UpdateNumberOfItems",
            f"{prefix}-items-by-user",
            step("UpdateNumberOfItems", user, boxLabelIdentifier=first, numberOfItems=7),
        )
        add(
            "UpdateNumberOfItems",
            f"{prefix}-other-base-by-user",
            step("UpdateNumberOfItems", user, boxLabelIdentifier=foreign, numberOfItems=7),
        )
        add(
            "UpdateState",
            f"{prefix}-donated-by-user",
            step("UpdateState", user, boxLabelIdentifier=first, newState="Donated"),
        )
        add(
            "UpdateLocationOfBox",
            f"{prefix}-location-by-user",
            step(
                "UpdateLocationOfBox",
                user,
                boxLabelIdentifier=first,
                newLocationId=f.other_location(first, base),
            ),
        )
        add(
            "UpdateContentOfBox",
            f"{prefix}-content-by-user",
            step(
                "UpdateContentOfBox",
                user,
                boxLabelIdentifier=first,
                productId=product,
                locationId=row["location_id"],
                numberOfItems=11,
                sizeId=sizes[-1],
                comment="edited by the compat suite",
                weight=1.5,
                monetaryValue=4.2,
                tagIds=[tag],
                newTagNames=["compat new tag"],
            ),
        )
        add(
            "CreateBox",
            f"{prefix}-box-by-user",
            step(
                "CreateBox",
                user,
                locationId=warehouse,
                productId=product,
                sizeId=sizes[0],
                numberOfItems=9,
                comment="",
                tagIds=[tag],
                newTagNames=["compat made"],
            ),
        )
        add(
            "CreateBox",
            f"{prefix}-other-base-by-user",
            step(
                "CreateBox",
                user,
                locationId=f.location(other, "warehouse"),
                productId=f.custom_product(other),
                sizeId=sizes[0],
                numberOfItems=9,
            ),
        )
        add(
            "CreateBoxFromBox",
            f"{prefix}-split-by-user",
            step(
                "CreateBoxFromBox",
                user,
                sourceBoxLabelIdentifier=first,
                numberOfItems=1,
                locationId=f.other_location(first, base),
            ),
        )
        add(
            "DeleteBoxes",
            f"{prefix}-own-and-foreign-by-user",
            step("DeleteBoxes", user, labelIdentifiers=[second, foreign]),
        )
        add(
            "MoveBoxesToLocation",
            f"{prefix}-move-by-user",
            step(
                "MoveBoxesToLocation",
                user,
                labelIdentifiers=[first, second, foreign],
                locationId=f.other_location(first, base),
            ),
        )
        add(
            "AssignTagsToBoxes",
            f"{prefix}-assign-by-user",
            step(
                "AssignTagsToBoxes", user, labelIdentifiers=[first, second, foreign], tagIds=[tag]
            ),
        )
        add(
            "UnassignTagsFromBoxes",
            f"{prefix}-assign-then-unassign-by-user",
            step("AssignTagsToBoxes", user, labelIdentifiers=[first, second], tagIds=[tag]),
            step("UnassignTagsFromBoxes", user, labelIdentifiers=[first, foreign], tagIds=[tag]),
        )
    tag_and_product_cases(f, add)
    return cases


def tag_and_product_cases(f: SeedFacts, add) -> None:
    """Tags and products of their base, and of another, by the same users."""
    for user, base, other in USERS:
        prefix = f"{user}-base{base}"
        tag, foreign_tag = f.tag(base, "Stock"), f.tag(other, "Stock")
        name, color = f.rows("SELECT label, color FROM tags WHERE id = %s", tag)[0]
        for target, which in ((base, "own"), (other, "other")):
            add(
                "CreateTag",
                f"{prefix}-{which}-base-by-user",
                step(
                    "CreateTag",
                    user,
                    baseId=target,
                    name="compat",
                    type="All",
                    color="#0a0b0c",
                    description="by another user",
                ),
            )
        add(
            "UpdateTag",
            f"{prefix}-type-and-name-by-user",
            step("UpdateTag", user, id=tag, name=f"{name} 2", type="All", color=color),
        )
        add(
            "UpdateTag",
            f"{prefix}-other-base-by-user",
            step("UpdateTag", user, id=foreign_tag, name="x", type="Box", color=color),
        )
        add(
            "deleteTags",
            f"{prefix}-own-and-foreign-by-user",
            step("deleteTags", user, ids=[tag, foreign_tag]),
        )
        add("ExtraDeleteTag", f"{prefix}-own-by-user", step("ExtraDeleteTag", user, id=tag))

        product, foreign = f.custom_product(base), f.custom_product(other)
        for target, which in ((base, "own"), (other, "other")):
            add(
                "CreateCustomProduct",
                f"{prefix}-{which}-base-by-user",
                step(
                    "CreateCustomProduct",
                    user,
                    baseId=target,
                    name="compat product",
                    categoryId=12,
                    sizeRangeId=1,
                    gender="Men",
                    price=3,
                ),
            )
        for target, which in ((product, "own"), (foreign, "other")):
            add(
                "EditCustomProduct",
                f"{prefix}-{which}-by-user",
                step(
                    "EditCustomProduct",
                    user,
                    id=target,
                    name="renamed",
                    categoryId=12,
                    sizeRangeId=1,
                    gender="Women",
                    price=2,
                    comment="edited",
                ),
            )
            add(
                "DeleteProduct",
                f"{prefix}-{which}-by-user",
                step("DeleteProduct", user, productId=target),
            )
        standard = f.standard_product_not_enabled(base)
        add(
            "EnableStandardProductMutation",
            f"{prefix}-enable-by-user",
            step("EnableStandardProductMutation", user, baseId=base, standardProductId=standard),
        )
        instantiation = f.instantiation(base)
        add(
            "DisableStandardProduct",
            f"{prefix}-own-by-user",
            step("DisableStandardProduct", user, instantiationId=instantiation),
        )
        add(
            "EditStandardProductMutation",
            f"{prefix}-own-by-user",
            step("EditStandardProductMutation", user, id=instantiation, price=4, comment="x"),
        )
        add(
            "CreateQrCode",
            f"{prefix}-own-box-by-user",
            step("CreateQrCode", user, boxLabelIdentifier=f.label(base, "InStock")),
        )
