"""Shareable links in tests: created through the API, inserted as rows the API
cannot make (expired, without expiry, without base), and resolved on the public
service without a token."""

from __future__ import annotations

from .database import query
from .users import COORDINATOR

CREATE = """mutation ($input: LinkCreationInput) {
  createShareableLink(creationInput: $input) {
    __typename
    ... on ShareableLink {
      id code view urlParameters validUntil createdOn base { id } createdBy { id }
    }
    ... on InvalidDateError { date }
    ... on InsufficientPermissionError { name }
    ... on UnauthorizedForBaseError { id name organisationName }
  }
}"""

RESOLVE = """query ($code: String!) {
  resolveLink(code: $code) {
    __typename
    ... on ResolvedLink { id code baseName organisationName urlParameters view validUntil }
    ... on ExpiredLinkError { expiredOn: validUntil }
    ... on UnknownLinkError { code }
  }
}"""


def resolve(client, code: str, headers: dict | None = None):
    return client.http.post(
        "/public", json={"query": RESOLVE, "variables": {"code": code}}, headers=headers or {}
    )


def create_link(client, user=COORDINATOR, **fields) -> dict:
    variables = {"input": {"baseId": 1, "view": "StockOverview", **fields}}
    return client.data(CREATE, variables, **user)["createShareableLink"]


def insert_link(database: str, code: str, valid_until, base_id=1) -> None:
    query(
        database,
        "INSERT INTO shareable_link (code, valid_until, view, base_id, created_on)"
        " VALUES (%s, %s, 'StockOverview', %s, UTC_TIMESTAMP())",
        (code, valid_until, base_id),
    )
