"""Every recorded case of the original, replayed against our app.

One test per case, id `Operation[case name]`. The case's steps are sent in-process
to our app on a fresh database loaded from the dev seed, with tokens minted from the
recorded claims; answers (and, for cases that write, the rows each step changed)
are masked like the recording and compared (see compare.py). After a case that
writes, the database is put back as the recorder does.

Cases listed in known_differences.txt are expected to fail (strict xfail): a case
that starts to pass fails the suite until its line is removed.
"""

from __future__ import annotations

import contextlib
import datetime
import json

import pytest

from boxtribute_api.runtime import clock

from . import casefile
from .compare import case_differences, report
from .operations import PUBLIC_PATH, document_hash, operation
from .paths import CASES_DIR, KNOWN_DIFFERENCES, reference_dir
from .runner import run_case


def known_differences() -> dict[str, str]:
    """case id -> reason, from known_differences.txt ("<case id> <reason>" lines;
    "#" starts a comment line)."""
    known = {}
    if not KNOWN_DIFFERENCES.is_file():
        return known
    for number, line in enumerate(KNOWN_DIFFERENCES.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        case_id, _, reason = line.partition(" ")
        assert reason.strip(), f"known_differences.txt:{number}: no reason for {case_id}"
        assert case_id not in known, f"known_differences.txt:{number}: {case_id} twice"
        known[case_id] = reason.strip()
    return known


def recorded_cases() -> list:
    known = known_differences()
    params = []
    for path in casefile.files(CASES_DIR):
        recorded = casefile.read(path)
        for case in recorded["cases"]:
            case_id = f"{recorded['operation']}[{case['name']}]"
            marks = []
            if case_id in known:
                marks.append(pytest.mark.xfail(strict=True, reason=known[case_id]))
            params.append(pytest.param(recorded, case, id=case_id, marks=marks))
    return params


CASES = recorded_cases()
_TOKENS: dict[str, str] = {}


@pytest.mark.parametrize(("recorded", "case"), CASES)
def test_answers_like_the_original(compat_client, compat_state, recorded, case):
    def send(document: str, name: str, variables: dict, claims: dict | None):
        body = {"operationName": name, "query": document, "variables": variables}
        if operation(name).is_public:
            response = compat_client.http.post(PUBLIC_PATH, json=body)
        else:
            key = json.dumps(claims, sort_keys=True)
            if key not in _TOKENS:
                _TOKENS[key] = compat_client.token(claims=claims)
            response = compat_client.post(body, token=_TOKENS[key])
        answer = response.get_json(silent=True)
        return response.status_code, (
            answer if answer is not None else {"text": response.get_data(as_text=True)}
        )

    documents = {name: operation(name).document for name in recorded["documents"]}
    stale = sorted(n for n, d in documents.items() if document_hash(d) != recorded["documents"][n])
    if stale:
        pytest.fail(
            f"recorded with other documents of {stale}: record {recorded['operation']} again"
        )
    # A case about the calendar runs at the time it was recorded (statcases.py).
    at = datetime.datetime.fromisoformat(case["clock"]) if "clock" in case else None
    with clock.frozen(at) if at else contextlib.nullcontext():
        actual = run_case(
            case, users=recorded["users"], send=send, db=compat_state, documents=documents
        )
    found = case_differences(case["steps"], actual)
    assert not found, report(found)


def test_known_differences_name_recorded_cases():
    recorded = {param.id for param in CASES}
    stale = sorted(set(known_differences()) - recorded)
    assert not stale, f"known_differences.txt lists cases that are not recorded: {stale}"


def test_recorded_documents_are_the_current_ones():
    if not reference_dir().is_dir():
        pytest.skip(f"{reference_dir()} is absent: nothing to compare the documents with")
    stale = sorted(
        name
        for path in casefile.files(CASES_DIR)
        for name, recorded_hash in casefile.read(path)["documents"].items()
        if document_hash(operation(name).document) != recorded_hash
    )
    assert not stale, f"recorded with other documents, record these again: {stale}"
