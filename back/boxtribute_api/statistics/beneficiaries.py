"""Beneficiary statistics of one base: who is registered (demographics), who was
reached how (created or edited, tagged, served, checked out), and the key figures
of the dashboard. Ages and the "last 30/90 days" are counted from the statistics
clock (runtime/clock.py)."""

from __future__ import annotations

import datetime
import os

from ..runtime import clock
from . import cube
from .cube import DataCube, fact_type, placeholders, rows

BeneficiaryDemographicsResult = fact_type("BeneficiaryDemographicsResult")
BeneficiaryDemographicsDimensions = fact_type("BeneficiaryDemographicsDimensions")
BeneficiaryReachResult = fact_type("BeneficiaryReachResult")
BeneficiaryReachDimensions = fact_type("BeneficiaryReachDimensions")

# people.gender holds 'M', 'F' or '' (diverse); the HumanGender enum's values.
_GENDER = "IF(p.gender = '', 'D', p.gender)"
_AGE = "IF(p.date_of_birth > 0, TIMESTAMPDIFF(YEAR, p.date_of_birth, %s), NULL)"

_DEMOGRAPHICS = f"""
WITH person AS (
    SELECT p.id,
           {_GENDER} AS gender,
           DATE(p.created) AS created_on,
           IF(p.deleted > 0, DATE(p.deleted), NULL) AS deleted_on,
           {_AGE} AS age,
           GROUP_CONCAT(tr.tag_id ORDER BY tr.tag_id) AS tag_ids
    FROM people p
    LEFT JOIN tags_relations tr
      ON tr.object_id = p.id AND tr.object_type = 'People' AND tr.deleted_on IS NULL
    WHERE p.camp_id = %s
    GROUP BY p.id
)
SELECT gender, created_on, deleted_on, age, tag_ids, COUNT(id) AS `count`
FROM person
GROUP BY gender, age, created_on, deleted_on, tag_ids
ORDER BY gender, age, created_on, deleted_on, tag_ids
"""


def beneficiary_demographics(base_id: int) -> DataCube:
    """Beneficiaries of the base (deleted ones too) by gender, age, day of
    registration, day of deletion and tags."""
    cube.require_base(base_id)
    facts = rows(_DEMOGRAPHICS, (clock.today(), base_id), BeneficiaryDemographicsResult)
    for fact in facts:
        fact["tag_ids"] = cube.tag_ids_of(fact["tag_ids"])
    dimensions = BeneficiaryDemographicsDimensions(tag=cube.tags(cube.tag_ids_in(facts)))
    return DataCube(facts, dimensions, "BeneficiaryDemographicsData")


# Each way of reaching a beneficiary, once per moment (a bulk edit of several
# columns, a checkout of several products, several tags at once count once), then
# counted per day. Checkouts of a family head reach its members too.
_REACH = """
SELECT DATE(reached_on) AS reached_on, beneficiary_id, reach_type,
       COUNT(beneficiary_id) AS `count`
FROM (
    SELECT h.changedate AS reached_on, p.id AS beneficiary_id,
           'CreatedOrEdited' AS reach_type
    FROM history h
    JOIN people p ON p.id = h.record_id AND h.tablename = 'people' AND p.camp_id = %(base)s
    WHERE h.changes NOT LIKE 'Record deleted%%' AND h.changedate >= %(since)s
    GROUP BY h.changedate, p.id
  UNION ALL
    SELECT t.transaction_date, t.people_id, 'Checkout'
    FROM transactions t
    JOIN people p ON p.id = t.people_id AND p.camp_id = %(base)s
    WHERE t.product_id IS NOT NULL AND t.transaction_date >= %(since)s
    GROUP BY t.transaction_date, t.people_id
  UNION ALL
    SELECT t.transaction_date, member.id, 'Checkout'
    FROM transactions t
    JOIN people p ON p.id = t.people_id AND p.camp_id = %(base)s
    JOIN people member ON member.parent_id = t.people_id
    WHERE t.product_id IS NOT NULL AND t.transaction_date >= %(since)s
    GROUP BY t.transaction_date, member.id
  UNION ALL
    SELECT sr.created, sr.people_id, 'ServiceUsed'
    FROM services_relations sr
    JOIN people p ON p.id = sr.people_id AND p.camp_id = %(base)s
    WHERE sr.created >= %(since)s
  UNION ALL
    SELECT tr.created_on, tr.object_id, 'TagApplied'
    FROM tags_relations tr
    JOIN people p ON p.id = tr.object_id AND tr.object_type = 'People' AND p.camp_id = %(base)s
    WHERE tr.created_on IS NOT NULL AND tr.created_on >= %(since)s
    GROUP BY tr.created_on, tr.object_id
) reached
GROUP BY DATE(reached_on), beneficiary_id, reach_type
ORDER BY reach_type, DATE(reached_on), beneficiary_id
"""

_REACHED_BENEFICIARIES = """
SELECT p.id, {age} AS age, {gender} AS gender,
       GROUP_CONCAT(DISTINCT tr.tag_id ORDER BY tr.tag_id) AS tag_ids
FROM people p
LEFT JOIN tags_relations tr
  ON tr.object_id = p.id AND tr.object_type = 'People' AND tr.deleted_on IS NULL
WHERE p.id IN ({ids})
GROUP BY p.id
ORDER BY p.id
"""

# Data before this is not looked at (in production: two years back only).
_REACH_SINCE = datetime.datetime(2019, 1, 1)


def _in_production() -> bool:
    # As the original decides it, from the deployment's ENVIRONMENT variable.
    return os.environ.get("ENVIRONMENT") == "production"


def beneficiary_reach(base_id: int) -> DataCube:
    """How often each beneficiary of the base was reached per day, by way."""
    cube.require_base(base_id)
    since = _REACH_SINCE
    if _in_production():
        since = clock.utc_now() - datetime.timedelta(weeks=104)
    facts = rows(_REACH, {"base": base_id, "since": since}, BeneficiaryReachResult)
    ids = sorted({f["beneficiary_id"] for f in facts})
    beneficiaries = rows(
        _REACHED_BENEFICIARIES.format(age=_AGE, gender=_GENDER, ids=placeholders(ids)),
        (clock.today(), *ids),
    )
    for beneficiary in beneficiaries:
        beneficiary["tag_ids"] = cube.tag_ids_of(beneficiary["tag_ids"])
    dimensions = BeneficiaryReachDimensions(
        beneficiary=beneficiaries, tag=cube.tags(cube.tag_ids_in(beneficiaries))
    )
    return DataCube(facts, dimensions, "BeneficiaryReachData")


_FIGURES = """
SELECT
    COALESCE(SUM(p.parent_id IS NULL AND p.gender = 'M'), 0) AS male,
    COALESCE(SUM(p.parent_id IS NULL AND p.gender = 'F'), 0) AS female,
    COALESCE(SUM(p.parent_id IS NULL AND p.gender = ''), 0) AS diverse,
    COUNT(p.id) AS beneficiaries,
    COALESCE(SUM(p.created >= %(month_ago)s), 0) AS new_registrations,
    COALESCE(SUM(p.parent_id IS NULL AND NOT EXISTS (
        SELECT 1 FROM transactions t
        WHERE t.people_id = p.id AND t.transaction_date > %(quarter_ago)s AND t.count > 0
    )), 0) AS heads_without_recent_visit,
    (SELECT AVG(visit.items) FROM visit) AS items_per_visit,
    (SELECT SUM(visit.items) / COUNT(DISTINCT visit.people_id) FROM visit) AS items_per_visitor
FROM people p
WHERE p.camp_id = %(base)s
"""
_VISITS = """
WITH visit AS (
    SELECT t.people_id, SUM(t.count) AS items
    FROM transactions t
    JOIN people p ON p.id = t.people_id AND p.camp_id = %(base)s
    WHERE t.count > 0
    GROUP BY t.people_id, t.transaction_date
)
"""

_NO_FAMILIES = {
    "major_family_head_gender": "D",
    "major_family_head_gender_percentage": 0.0,
    "average_family_size": 0.0,
    "average_items_per_visit_per_beneficiary": 0.0,
    "average_total_items_per_beneficiary": 0.0,
    "new_registrations_last_30_days": 0,
    "percentage_without_freeshop_visit_last_90_days": 0.0,
}


def beneficiary_figures(base_id: int) -> dict:
    """The dashboard's key figures of the base's beneficiaries (the base need not
    exist: then there are none)."""
    now = clock.utc_now()
    (figures,) = rows(
        _VISITS + _FIGURES,
        {
            "base": base_id,
            "month_ago": now - datetime.timedelta(days=30),
            "quarter_ago": now - datetime.timedelta(days=90),
        },
    )
    by_gender = {
        "M": int(figures["male"]),
        "F": int(figures["female"]),
        "D": int(figures["diverse"]),
    }
    heads = sum(by_gender.values())
    if heads == 0:
        return dict(_NO_FAMILIES)
    # The first of the largest, in the order male, female, diverse.
    major = max(by_gender, key=by_gender.__getitem__)
    return {
        "major_family_head_gender": major,
        "major_family_head_gender_percentage": by_gender[major] / heads,
        "average_family_size": int(figures["beneficiaries"]) / heads,
        "average_items_per_visit_per_beneficiary": figures["items_per_visit"] or 0,
        "average_total_items_per_beneficiary": figures["items_per_visitor"] or 0,
        "new_registrations_last_30_days": int(figures["new_registrations"]),
        "percentage_without_freeshop_visit_last_90_days": (
            int(figures["heads_without_recent_visit"]) / heads
        ),
    }
