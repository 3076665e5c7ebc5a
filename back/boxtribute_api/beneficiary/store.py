"""Data access for beneficiaries (tables people, x_people_languages, transactions):
plain synchronous peewee functions.

Legacy conventions of the `people` table read here: `deleted` is NOT NULL and holds
the zero date for an active beneficiary (`is_unset()`); `gender` is 'M', 'F' or ''
(HumanGender Diverse); `notregistered` is the negation of GraphQL `registered`.
"""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import peewee
from peewee import fn

from ..db.pagination import Page, load_page
from ..db.queries import row_by_id, rows_by_id
from ..tag import store as tag_store
from ..tag.models import Tag, TagsRelation
from .models import Beneficiary, BeneficiaryLanguage, Transaction


def beneficiaries_by_id(ids: list[int]) -> dict[int, Beneficiary]:
    return rows_by_id(Beneficiary, ids)


def beneficiary_by_id(beneficiary_id: int) -> Beneficiary | None:
    return row_by_id(Beneficiary, beneficiary_id)


def filter_condition(filter_input: Mapping[str, Any] | None) -> peewee.Expression | None:
    """The FilterBeneficiaryInput as a condition (None: no filter), as the original
    reads it: dates compare with the creation date-time (a day given as `createdUntil`
    means its midnight), `pattern` matches part of the first or last name or comment,
    or the whole group identifier."""
    conditions = []
    filter_input = filter_input or {}
    created_from = filter_input.get("created_from")
    if created_from is not None:
        conditions.append(Beneficiary.created_on >= created_from)
    created_until = filter_input.get("created_until")
    if created_until is not None:
        conditions.append(Beneficiary.created_on <= created_until)
    active = filter_input.get("active")
    if active is not None:
        unset = Beneficiary.deleted_on.is_unset()
        conditions.append(unset if active else ~unset)
    is_volunteer = filter_input.get("is_volunteer")
    if is_volunteer is not None:
        conditions.append(Beneficiary.is_volunteer == bool(is_volunteer))
    registered = filter_input.get("registered")
    if registered is not None:
        conditions.append(Beneficiary.not_registered == (not registered))
    pattern = filter_input.get("pattern")
    if pattern is not None:
        conditions.append(
            Beneficiary.last_name.contains(pattern)
            | Beneficiary.first_name.contains(pattern)
            | Beneficiary.comment.contains(pattern)
            | (Beneficiary.group_identifier == pattern)
        )
    if not conditions:
        return None
    return functools.reduce(operator.and_, conditions)


def beneficiaries_page(
    base_ids: Iterable[int] | None,
    filter_input: Mapping[str, Any] | None,
    pagination_input: Mapping[str, Any] | None,
) -> Page:
    """A page of the beneficiaries of the bases (all when None), by id."""
    query = Beneficiary.select()
    if base_ids is not None:
        query = query.where(Beneficiary.base.in_(sorted(base_ids)))
    condition = filter_condition(filter_input)
    if condition is not None:
        query = query.where(condition)
    return load_page(query, id_field=Beneficiary.id, pagination_input=pagination_input)


def language_ids_of_beneficiaries(beneficiary_ids: list[int]) -> dict[int, list[int]]:
    """Beneficiary id -> ids of the languages spoken, ascending (the order of the
    table's unique key, which the original's plain select follows)."""
    query = (
        BeneficiaryLanguage.select(BeneficiaryLanguage.beneficiary, BeneficiaryLanguage.language)
        .where(BeneficiaryLanguage.beneficiary.in_(beneficiary_ids))
        .order_by(BeneficiaryLanguage.beneficiary, BeneficiaryLanguage.language)
        .tuples()
    )
    found: dict[int, list[int]] = defaultdict(list)
    for beneficiary_id, language_id in query:
        found[beneficiary_id].append(language_id)
    return found


def transactions_of_beneficiaries(beneficiary_ids: list[int]) -> dict[int, list[Transaction]]:
    found: dict[int, list[Transaction]] = defaultdict(list)
    query = (
        Transaction.select()
        .where(Transaction.beneficiary.in_(beneficiary_ids))
        .order_by(Transaction.id)
    )
    for transaction in query:
        found[transaction.beneficiary_id].append(transaction)
    return found


def tokens_of_beneficiaries(beneficiary_ids: list[int]) -> dict[int, int]:
    """Beneficiary id -> the sum of the tokens ("drops") of their transactions."""
    query = (
        Transaction.select(Transaction.beneficiary, fn.SUM(Transaction.tokens))
        .where(Transaction.beneficiary.in_(beneficiary_ids))
        .group_by(Transaction.beneficiary)
        .tuples()
    )
    return {beneficiary_id: int(total or 0) for beneficiary_id, total in query}


def tags_of_beneficiaries(beneficiary_ids: list[int]) -> dict[int, list[Tag]]:
    """Beneficiary id -> tags currently assigned (relation not removed), of any base,
    by tag id (a tag assigned twice is listed twice, as in the original)."""
    query = (
        Tag.select(Tag, TagsRelation.object_id.alias("beneficiary_id"))
        .join(TagsRelation, on=TagsRelation.tag == Tag.id)
        .where(
            TagsRelation.object_type == tag_store.BENEFICIARY_TYPE,
            TagsRelation.object_id.in_(beneficiary_ids),
            TagsRelation.deleted_on.is_null(),
        )
        .order_by(Tag.id, TagsRelation.id)
    )
    found: dict[int, list[Tag]] = defaultdict(list)
    for tag in query.objects():
        found[tag.beneficiary_id].append(tag)
    return found
