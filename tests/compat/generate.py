"""All case definitions, by operation: the one place that lists the generators.

A later issue adds its operations by adding a generator here; `record.py
--operation NAME` then records them.
"""

from __future__ import annotations

from .beneficiarycases import beneficiary_cases
from .boxesviewcases import boxes_view_cases_of_other_users
from .distributioncases import distribution_cases
from .fidelitycases import fidelity_cases
from .linkcases import link_cases
from .mutationcases import mutation_cases
from .otheruserscases import other_users_cases
from .querycases import query_cases
from .seedfacts import SeedFacts
from .statcases import statistics_cases
from .transfercases import transfer_cases


def all_cases(facts: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    for generator in (
        query_cases,
        boxes_view_cases_of_other_users,
        mutation_cases,
        fidelity_cases,
        other_users_cases,
        transfer_cases,
        beneficiary_cases,
        statistics_cases,
        link_cases,
        distribution_cases,
    ):
        for name, generated in generator(facts).items():
            # A generator may add cases to another's operation (updates of boxes packed
            # for a shipment); case names stay unique.
            generated = cases.get(name, []) + generated
            names = [c["name"] for c in generated]
            duplicates = sorted({n for n in names if names.count(n) > 1})
            assert not duplicates, f"{name}: duplicate case names {duplicates}"
            assert all(" " not in n for n in names), f"{name}: case names with spaces"
            cases[name] = generated
    return cases
