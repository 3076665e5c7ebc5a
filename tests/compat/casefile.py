"""The recorded data files: cases/<Operation>.json, one per operation.

    {"cases": [
    {"name": ..., "steps": [{"operation", "user", "variables", "status", "response",
                             "changes"?}, ...]},
    ...
    ],
    "documents": {operation name: hash of the document sent (operations.document_hash)},
    "operation": ..., "kind": "query" | "mutation",
    "users": {user key: token claims}}

Responses are stored once per file: a step holds "response": "#<hash>" and the
answer itself is in "responses" under that hash (many users get the same answer).
Keys are sorted and each case and each response is one line, so re-recording gives a
diff per changed case. A file larger than GZIP_ABOVE bytes is written gzipped
(.json.gz, with a fixed timestamp so identical content gives identical bytes).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

GZIP_ABOVE = 1_000_000


def _dumps(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _shared_responses(cases: list[dict]) -> tuple[list[dict], dict[str, object]]:
    responses: dict[str, object] = {}
    stored = []
    for case in cases:
        steps = []
        for step in case["steps"]:
            text = _dumps(step["response"])
            key = "#" + hashlib.sha1(text.encode()).hexdigest()[:16]
            responses[key] = step["response"]
            steps.append({**step, "response": key})
        stored.append({**case, "steps": steps})
    return stored, responses


def render(data: dict) -> str:
    cases, responses = _shared_responses(data["cases"])
    header = {k: v for k, v in data.items() if k not in ("cases", "responses")}
    lines = ['{"cases": [']
    for index, case in enumerate(cases):
        lines.append(_dumps(case) + ("," if index < len(cases) - 1 else ""))
    lines.append('],\n"responses": {')
    keys = sorted(responses)
    for index, key in enumerate(keys):
        ending = "," if index < len(keys) - 1 else ""
        lines.append(f"{json.dumps(key)}: {_dumps(responses[key])}{ending}")
    lines.append("},")
    items = sorted(header.items())
    for index, (key, value) in enumerate(items):
        ending = "," if index < len(items) - 1 else ""
        lines.append(f"{json.dumps(key)}: {_dumps(value)}{ending}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def path_for(directory: Path, operation: str) -> Path:
    return directory / f"{operation}.json"


def write(directory: Path, data: dict) -> Path:
    text = render(data).encode()
    plain = path_for(directory, data["operation"])
    zipped = plain.with_name(plain.name + ".gz")
    if len(text) > GZIP_ABOVE:
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as stream:
            stream.write(text)
        zipped.write_bytes(buffer.getvalue())
        plain.unlink(missing_ok=True)
        return zipped
    plain.write_bytes(text)
    zipped.unlink(missing_ok=True)
    return plain


def read(path: Path) -> dict:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    data = json.loads(raw)
    responses = data.pop("responses")
    for case in data["cases"]:
        for step in case["steps"]:
            step["response"] = responses[step["response"]]
    return data


def files(directory: Path) -> list[Path]:
    return sorted([*directory.glob("*.json"), *directory.glob("*.json.gz")])


def operation_of(path: Path) -> str:
    return path.name.removesuffix(".gz").removesuffix(".json")
