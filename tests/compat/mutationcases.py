"""Mutation cases (to be filled)."""

from __future__ import annotations


def mutation_cases(facts) -> dict[str, list[dict]]:
    return {}
