"""The original back-end's recorded answers, replayed against ours on the same seed.

Each sample in ../shared/reference/expected-sample holds the document the frontend
sends, its variables, the caller's token claims, and the original's response.
Objects compare with keys unordered, lists in order; errors by path and code.
"""

from __future__ import annotations

import json

import pytest

from support.errors import error_codes
from support.reference import ABSENT, EXPECTED_SAMPLES

SAMPLES = sorted(EXPECTED_SAMPLES.glob("*.json")) if EXPECTED_SAMPLES.is_dir() else []


@pytest.mark.parametrize("sample_path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_answers_like_the_original(seed_client, sample_path):
    sample = json.loads(sample_path.read_text())
    token = seed_client.token(claims=sample["claims"])
    body = {"query": sample["document"], "variables": sample["variables"]}
    body["operationName"] = sample["operation"]

    response = seed_client.post(body, token=token)

    assert response.status_code == sample["http_status"]
    answer = response.get_json()
    expected = sample["response"]
    assert error_codes(answer) == error_codes(expected)
    assert answer.get("data") == expected.get("data")


def test_samples_are_present_when_the_reference_is():
    if not EXPECTED_SAMPLES.parent.is_dir():
        pytest.skip(ABSENT)
    assert SAMPLES, "expected-sample/ holds no recorded answers"
