"""The fast executor answers exactly like graphql-core's plain one.

BatchedExecutionContext (api/fastpath.py) completes lists breadth-first and
loads loader-backed fields for a whole list at once. Every frontend query, our own
documents exercising the tricky parts of GraphQL, and users whose permissions make
nested fields fail are run through both executors; data and errors (messages,
paths, codes, nulls propagated as the spec says) must be identical. Only the order
of `errors` is left open by the spec, so both are compared sorted by path.

The runtime's fast paths (runtime/eventloop.py EVENT_LOOP: native polling and
results set from the DB thread; api/loaders.py LOADER_HOPS: the batches due in one
turn share their DB trips) are compared the same way, on and off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json

import jwt
import pytest

from boxtribute_api.api.execution import GraphQLService
from boxtribute_api.api.fastpath import BatchedExecutionContext
from boxtribute_api.api.loaders import configure as configure_loaders
from boxtribute_api.api.rootfields import OriginalRootExecutionContext
from boxtribute_api.api.schema import build_schema
from boxtribute_api.auth.user import CurrentUser, current_user_scope
from boxtribute_api.domains import DOMAIN_PACKAGES
from boxtribute_api.runtime.eventloop import configure as configure_event_loops
from support.operations import variables_for
from support.reference import ABSENT, frontend_queries
from support.users import COORDINATOR, COORDINATOR_ORG_2, GOD, VOLUNTEER

SCHEMA = build_schema(DOMAIN_PACKAGES)

USERS = {
    "coordinator": COORDINATOR,
    "volunteer": VOLUNTEER,
    "other organisation": COORDINATOR_ORG_2,
    "god": GOD,
}

# Our own documents: aliases, fragments on interfaces and unions, @include/@skip,
# __typename, non-null errors inside lists, the same object under many parents.
OWN_DOCUMENTS = {
    "aliases and fragments": """
        query ($baseId: ID!, $withTags: Boolean!, $noComment: Boolean!) {
          page: boxes(baseId: $baseId, paginationInput: {first: 40}) {
            totalCount
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            elements {
              __typename
              ...BoxFields
              label: labelIdentifier
              comment @skip(if: $noComment)
              tags @include(if: $withTags) { __typename id name type base { id name } }
              location { __typename ... on ClassicLocation { id name isShop defaultBoxState } }
              alsoLocation: location { ...on Location { id name base { id } } }
              product { id ...ProductFields sizeRange { id sizes { id label } } }
            }
          }
        }
        fragment BoxFields on Box { id state numberOfItems createdOn lastModifiedOn deletedOn
          size { id label } qrCode { code box { __typename ... on Box { id } } } }
        fragment ProductFields on Product { name gender type price inShop deletedOn
          category { id name hasGender } createdBy { id name } }
    """,
    "unions and interfaces in lists": """
        query ($baseId: ID!) {
          base(id: $baseId) {
            tags { id name taggedResources { __typename ... on Box { id labelIdentifier state }
                                                         ... on Beneficiary { id firstName } } }
            locations { id name boxes(paginationInput: {first: 5}) { totalCount
              elements { id location { id } } } }
          }
        }
    """,
    "beneficiaries with every field": """
        query ($baseId: ID!) {
          base(id: $baseId) { beneficiaries(paginationInput: {first: 30}) { totalCount elements {
            id firstName age gender languages active registered dateOfSignature
            familyHead { id familyHead { id } } base { id } tags { id name } tokens
            transactions { id tokens createdOn product { id } createdBy { id }
                           beneficiary { id } }
            createdBy { id } lastModifiedBy { id } } } }
          beneficiaries(filterInput: {active: true}) { totalCount elements { id base { id } } }
        }
    """,
    "many lists": """
        query {
          organisations { id name bases { id name locations { id name defaultBoxState }
            products { id name category { id name } sizeRange { id name units { id symbol } } } } }
          shipments { id labelIdentifier state details { id box { id labelIdentifier }
            sourceProduct { id name } sourceLocation { id name } sourceSize { id label }
            createdBy { id name email } } }
        }
    """,
}


def corpus_documents() -> dict[str, str]:
    return {name: op["wire_document"] for name, op in frontend_queries().items()}


def run_both(client, document: str, variables: dict, user: dict) -> tuple[dict, dict]:
    # Production error formatting: debug details (stack traces) differ by executor.
    service = GraphQLService(SCHEMA, debug=False, execution_context_class=BatchedExecutionContext)
    plain = dataclasses.replace(service, execution_context_class=OriginalRootExecutionContext)
    claims = jwt.decode(client.token(**user), options={"verify_signature": False})
    current_user = CurrentUser.from_claims(claims)
    data = {"query": document, "variables": variables}
    with current_user_scope(current_user):
        fast = service.execute(data, current_user)
        slow = plain.execute(data, current_user)
    return fast, slow


def sorted_errors(result: dict) -> dict:
    result = dict(result)
    if "errors" in result:
        result["errors"] = sorted(result["errors"], key=lambda e: json.dumps(e.get("path")))
    return result


def assert_same_answer(client, document, values, user):
    (fast_status, fast), (slow_status, slow) = run_both(
        client, document, variables_for(document, values), user
    )
    assert fast_status == slow_status
    assert sorted_errors(fast) == sorted_errors(slow)


@pytest.mark.parametrize("user", USERS, ids=list(USERS))
@pytest.mark.parametrize("name", OWN_DOCUMENTS, ids=list(OWN_DOCUMENTS))
def test_our_documents_get_the_same_answer_from_both_executors(client, demo_values, name, user):
    assert_same_answer(client, OWN_DOCUMENTS[name], demo_values, USERS[user])


CORPUS = corpus_documents()


@pytest.mark.parametrize("user", USERS, ids=list(USERS))
@pytest.mark.parametrize("name", sorted(CORPUS) or ["(corpus absent)"])
def test_every_frontend_query_gets_the_same_answer_from_both_executors(
    client, demo_values, name, user
):
    if not CORPUS:
        pytest.skip(ABSENT)
    assert_same_answer(client, CORPUS[name], demo_values, USERS[user])


# --- the runtime's fast paths: EVENT_LOOP and LOADER_HOPS ------------------------------------


@contextlib.contextmanager
def runtime_fast_paths(on: bool):
    """Request loops (EVENT_LOOP) and loader trips (LOADER_HOPS) fast or plain."""
    configure_event_loops(fast=on)
    configure_loaders(tick_batches=on)
    try:
        yield
    finally:
        configure_event_loops(fast=True)
        configure_loaders(tick_batches=True)


def assert_same_answer_with_and_without_runtime_fast_paths(client, document, values, user):
    service = GraphQLService(SCHEMA, debug=False)
    claims = jwt.decode(client.token(**user), options={"verify_signature": False})
    current_user = CurrentUser.from_claims(claims)
    data = {"query": document, "variables": variables_for(document, values)}
    answers = []
    for on in (True, False):
        with runtime_fast_paths(on), current_user_scope(current_user):
            answers.append(service.execute(data, current_user))
    (fast_status, fast), (plain_status, plain) = answers
    assert fast_status == plain_status
    assert sorted_errors(fast) == sorted_errors(plain)


@pytest.mark.parametrize("user", ["coordinator", "volunteer"])
@pytest.mark.parametrize("name", sorted(CORPUS) or ["(corpus absent)"])
def test_every_frontend_query_gets_the_same_answer_with_and_without_the_runtime_fast_paths(
    client, demo_values, name, user
):
    if not CORPUS:
        pytest.skip(ABSENT)
    assert_same_answer_with_and_without_runtime_fast_paths(
        client, CORPUS[name], demo_values, USERS[user]
    )
