"""Tags: `tag(id)`, `tags(tagType)`, `Base.tags(resourceType)`, Tag fields and the
tagged boxes and beneficiaries.

Tests on `seed_client` compare with what the original answers on its development
seed; tests on `client` check behaviour on our demo world and find their rows by
querying.
"""

from __future__ import annotations

from boxtribute_api.tag.models import Tag, TagsRelation
from support.errors import BAD_USER_INPUT, FORBIDDEN, error_codes
from support.users import COORDINATOR, GOD, HEAD_OF_OPS, WAREHOUSE_VOLUNTEER

# tags.type -> TagType
TAG_TYPES = {"Stock": "Box", "People": "Beneficiary", "All": "All"}


def tag_rows(*conditions) -> list[Tag]:
    from boxtribute_api.db.routing import connection_scope

    with connection_scope():
        return (
            list(Tag.select().where(*conditions).order_by(Tag.id))
            if conditions
            else list(Tag.select().order_by(Tag.id))
        )


def active_tags_of(base_id: int) -> list[Tag]:
    return tag_rows(Tag.base == base_id, Tag.deleted_on.is_null())


def ids(objects: list[dict]) -> list[str]:
    return [o["id"] for o in objects]


# --- comparisons with the original ----------------------------------------------------------


def test_a_deleted_tag_is_returned_by_id_with_its_deletion_date(seed_client):
    query = "{ tag(id: 61) { id name type deletedOn base { id } createdBy { id } } }"

    tag = seed_client.data(query, **COORDINATOR)["tag"]

    assert tag == {
        "id": "61",
        "name": "side",
        "type": "Box",
        "deletedOn": "2025-12-23T17:40:12+00:00",
        "base": {"id": "1"},
        "createdBy": tag["createdBy"],
    }


def test_tags_are_the_active_tags_of_the_users_bases(seed_client):
    tags = seed_client.data("{ tags { id } }", **COORDINATOR)["tags"]

    expected = [str(i) for i in range(45, 61)] + ["62", "64"]
    assert ids(tags) == expected


def test_the_bases_tags_for_a_resource_type_include_tags_for_all(seed_client):
    query = """{ base(id: 1) {
        box: tags(resourceType: Box) { id type }
        beneficiary: tags(resourceType: Beneficiary) { id type }
    } }"""

    base = seed_client.data(query, **COORDINATOR)["base"]

    assert {t["type"] for t in base["box"]} == {"Box", "All"}
    assert {t["type"] for t in base["beneficiary"]} == {"Beneficiary", "All"}
    assert len(base["box"]) == 15
    assert ids(base["beneficiary"]) == [
        "46", "48", "50", "51", "52", "53", "54", "55", "58", "60", "64"
    ]  # fmt: skip


def test_tagged_boxes_and_beneficiaries_are_merged_in_id_order(seed_client):
    query = """{ tag(id: 46) { taggedResources {
        __typename ... on Box { id } ... on Beneficiary { id }
    } } }"""

    resources = seed_client.data(query, **COORDINATOR)["tag"]["taggedResources"]

    assert {r["__typename"] for r in resources} == {"Box", "Beneficiary"}
    assert len(resources) == 50  # 52 relations, 2 of them removed
    assert [int(r["id"]) for r in resources] == sorted(int(r["id"]) for r in resources)


def test_a_tag_was_last_used_when_it_was_last_assigned(seed_client):
    query = "{ a: tag(id: 45) { lastUsedOn } b: tag(id: 53) { lastUsedOn } }"

    tags = seed_client.data(query, **COORDINATOR)

    assert tags == {
        "a": {"lastUsedOn": "2025-11-01T06:01:12+00:00"},
        "b": {"lastUsedOn": "2025-10-31T23:01:19+00:00"},
    }


# --- tag(id) --------------------------------------------------------------------------------


def test_a_tag_is_read_with_its_fields(client):
    tag = active_tags_of(1)[0]
    query = """query($id: ID!) { tag(id: $id) {
        id name description color type base { id } deletedOn createdOn lastModifiedOn
    } }"""

    result = client.data(query, {"id": tag.id}, **COORDINATOR)["tag"]

    assert result == {
        "id": str(tag.id),
        "name": tag.name,
        "description": tag.description,
        "color": tag.color,
        "type": TAG_TYPES[tag.type],
        "base": {"id": "1"},
        "deletedOn": None,
        "createdOn": result["createdOn"],
        "lastModifiedOn": result["lastModifiedOn"],
    }


def test_a_tag_of_another_organisations_base_is_forbidden(client):
    other = tag_rows(Tag.base == 3)[0]

    response = client.execute(
        "query($id: ID!) { tag(id: $id) { id } }", {"id": other.id}, **COORDINATOR
    )

    assert response["data"] == {"tag": None}
    assert error_codes(response) == [(("tag",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'base=3'"
    )


def test_a_god_user_reads_any_tag(client):
    other = tag_rows(Tag.base == 3)[0]

    tag = client.data("query($id: ID!) { tag(id: $id) { id } }", {"id": other.id}, **GOD)

    assert tag == {"tag": {"id": str(other.id)}}


def test_an_unknown_tag_is_bad_user_input(client):
    response = client.execute("{ tag(id: 987654321) { id } }", **COORDINATOR)

    assert response["data"] == {"tag": None}
    assert error_codes(response) == [(("tag",), BAD_USER_INPUT)]


def test_a_tags_base_needs_base_read_and_nulls_the_tag(client):
    tag = active_tags_of(1)[0]

    response = client.execute(
        "query($id: ID!) { tag(id: $id) { id base { id } } }",
        {"id": tag.id},
        permissions=["base_1/tag:read"],
        base_ids=[1],
    )

    assert response["data"] == {"tag": None}
    assert error_codes(response) == [(("tag", "base"), FORBIDDEN)]


def test_a_deleted_tag_is_still_readable(client):
    deleted = tag_rows(Tag.base == 1, Tag.deleted_on.is_null(False))
    assert deleted, "the world has a deleted tag in base 1"

    tag = client.data(
        "query($id: ID!) { tag(id: $id) { id deletedOn } }", {"id": deleted[0].id}, **COORDINATOR
    )["tag"]

    assert tag["id"] == str(deleted[0].id) and tag["deletedOn"] is not None


# --- tags -----------------------------------------------------------------------------------


def test_tags_cover_the_active_tags_of_every_base_the_user_may_read_tags_of(client):
    expected = [str(t.id) for t in tag_rows(Tag.base << [1, 2], Tag.deleted_on.is_null())]

    tags = client.data("{ tags { id } }", **HEAD_OF_OPS)["tags"]

    assert ids(tags) == expected


def test_tags_can_be_filtered_by_exact_type(client):
    for tag_type, db_type in (("Box", "Stock"), ("Beneficiary", "People"), ("All", "All")):
        expected = [t for t in active_tags_of(1) if t.type == db_type]

        tags = client.data(
            "query($type: TagType) { tags(tagType: $type) { id type } }",
            {"type": tag_type},
            **COORDINATOR,
        )["tags"]

        assert ids(tags) == [str(t.id) for t in expected]
        assert {t["type"] for t in tags} <= {tag_type}


def test_a_god_user_gets_the_active_tags_of_all_bases(client):
    expected = [str(t.id) for t in tag_rows(Tag.deleted_on.is_null())]

    assert ids(client.data("{ tags { id } }", **GOD)["tags"]) == expected


def test_listing_tags_needs_tag_read(client):
    response = client.execute("{ tags { id } }", **WAREHOUSE_VOLUNTEER)

    assert response["data"] is None
    assert error_codes(response) == [(("tags",), FORBIDDEN)]


# --- Base.tags ------------------------------------------------------------------------------


def test_a_bases_tags_are_its_active_tags_by_id(client):
    for resource_type, applicable in (
        (None, {"Stock", "People", "All"}),
        ("Box", {"Stock", "All"}),
        ("Beneficiary", {"People", "All"}),
    ):
        expected = [str(t.id) for t in active_tags_of(1) if t.type in applicable]

        base = client.data(
            """query($type: TaggableResourceType) {
                base(id: 1) { tags(resourceType: $type) { id } }
            }""",
            {"type": resource_type},
            **COORDINATOR,
        )["base"]

        assert ids(base["tags"]) == expected


def test_the_tags_of_a_base_need_tag_read_there(client):
    response = client.execute("{ base(id: 1) { id tags { id } } }", **WAREHOUSE_VOLUNTEER)

    assert response["data"] == {"base": {"id": "1", "tags": None}}
    assert error_codes(response) == [(("base", "tags"), FORBIDDEN)]


# --- Tag.taggedResources --------------------------------------------------------------------


def live_relations(tag_id: int) -> list[TagsRelation]:
    from boxtribute_api.db.routing import connection_scope

    with connection_scope():
        return list(
            TagsRelation.select()
            .where(TagsRelation.tag == tag_id, TagsRelation.deleted_on.is_null())
            .order_by(TagsRelation.object_id)
        )


def test_the_tagged_resources_are_the_current_assignments_in_object_id_order(client):
    tag = next(t for t in active_tags_of(1) if live_relations(t.id))
    typenames = {"Stock": "Box", "People": "Beneficiary"}
    expected = [
        {"__typename": typenames[r.object_type], "id": str(r.object_id)}
        for r in live_relations(tag.id)
    ]

    resources = client.data(
        """query($id: ID!) { tag(id: $id) { taggedResources {
            __typename ... on Box { id } ... on Beneficiary { id }
        } } }""",
        {"id": tag.id},
        **COORDINATOR,
    )["tag"]["taggedResources"]

    assert resources == expected


def test_the_tagged_resources_need_tag_relation_read(client):
    tag = active_tags_of(1)[0]

    response = client.execute(
        "query($id: ID!) { tag(id: $id) { id taggedResources { __typename } } }",
        {"id": tag.id},
        permissions=["base_1/tag:read", "base_1/beneficiary:read"],
        base_ids=[1],
    )

    assert response["data"] == {"tag": {"id": str(tag.id), "taggedResources": None}}
    assert error_codes(response) == [(("tag", "taggedResources"), FORBIDDEN)]


def test_the_tagged_resources_need_beneficiary_read(client):
    tag = active_tags_of(1)[0]

    response = client.execute(
        "query($id: ID!) { tag(id: $id) { id taggedResources { __typename } } }",
        {"id": tag.id},
        permissions=["base_1/tag:read", "base_1/tag_relation:read"],
        base_ids=[1],
    )

    assert error_codes(response) == [(("tag", "taggedResources"), FORBIDDEN)]
