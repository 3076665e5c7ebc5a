"""What the abuse tests send and how they judge an answer (tests/test_abuse*.py).

Every answer of the production server must be JSON, never a 5xx, and come within
`ANSWER_WITHIN` seconds; abusive documents are refused before they run.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field

ANSWER_WITHIN = 5.0  # seconds, for any request of the abuse suite
BYSTANDER = {"query": "{ __typename }"}


@dataclass
class Answer:
    status: int
    body: dict
    seconds: float

    def codes(self) -> list[str | None]:
        return [(e.get("extensions") or {}).get("code") for e in self.body.get("errors") or ()]


def send(server, body, token: str | None = None, *, headers=None, method="POST", path="/graphql"):
    """One request on a fresh connection; the answer must be JSON, not a 5xx, in time."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    started = time.perf_counter()
    try:
        connection.request(method, path, data, sent)
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    assert response.status < 500, (response.status, raw[:300])
    assert response.getheader("Content-Type", "").startswith("application/json"), raw[:300]
    answer = Answer(response.status, json.loads(raw), seconds)
    assert seconds < ANSWER_WITHIN, (seconds, raw[:300])
    return answer


@dataclass
class Bystanders:
    """`{ __typename }` sent again and again while something else runs."""

    server: object
    token: str
    latencies: list[float] = field(default_factory=list)
    failures: list = field(default_factory=list)

    def __enter__(self) -> Bystanders:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                answer = send(self.server, BYSTANDER, self.token)
                if answer.body != {"data": {"__typename": "Query"}}:
                    self.failures.append(answer.body)
                self.latencies.append(answer.seconds)
            except Exception as error:  # reported by the test
                self.failures.append(repr(error))
            time.sleep(0.01)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def share_within(self, seconds: float) -> float:
        return sum(latency <= seconds for latency in self.latencies) / len(self.latencies)


def nested_locations(levels: int) -> str:
    """`base { locations { base { locations ... } } }`, `levels` fields deep."""
    selection = "name"
    for level in range(levels - 1):
        field = "locations" if level % 2 == 0 else "base"
        selection = f"{field} {{ {selection} }}"
    return f"{{ base(id: 1) {{ {selection} }} }}"


def aliased_pages(count: int, first: int, fields: str) -> str:
    pages = " ".join(
        f"p{i}: boxes(baseId: 1, paginationInput: {{first: {first}}}) {{ elements {{ {fields} }} }}"
        for i in range(count)
    )
    return f"{{ {pages} }}"


# An allowed, expensive request: 100 aliased pages of every box of the base with
# their products, locations and tags (within every limit, some MB of answer).
HEAVY_FIELDS = "id labelIdentifier numberOfItems product { name } location { name } tags { name }"
HEAVY = {"query": aliased_pages(100, 1000, HEAVY_FIELDS)}
