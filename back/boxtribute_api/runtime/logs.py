"""Log lines an operator can read: one JSON object per line in the format Google
Cloud Logging reads (`severity`, `message`, `time`, `logging.googleapis.com/trace`),
or plain text in development.

* Every GraphQL request ends with one line (api/http.py): its operation name, user
  id, duration, HTTP status and the codes of its errors. Expected errors
  (authorization, validation, bad input, limits) are only that: no traceback.
* An unexpected error is logged once more on its own, with its traceback
  (api/errors.py), which Cloud Error Reporting groups.
* Failures that hit every request alike (the database away) go through a
  `RateLimitedLogger`: one line per interval, with the number left out.

The request's fields live in a ContextVar, so lines logged anywhere during the
request (DB threads included: offloaded calls copy the context) carry them.

This module imports only the standard library (and gevent's originals, lazily):
gunicorn.conf.py names its formatter for gunicorn's own lines, before the app is
imported.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .unpatched import unpatched

# Fields of the request being served, added to every line logged meanwhile.
_request_fields: ContextVar[dict[str, Any] | None] = ContextVar(
    "boxtribute_log_fields", default=None
)

TRACE_KEY = "logging.googleapis.com/trace"
SPAN_KEY = "logging.googleapis.com/spanId"


@contextmanager
def request_fields(**fields: Any) -> Iterator[dict[str, Any]]:
    """Fields for every line logged in this block; the dict may be filled later."""
    token = _request_fields.set({key: value for key, value in fields.items() if value})
    try:
        yield _request_fields.get()
    finally:
        _request_fields.reset(token)


def current_request_fields() -> dict[str, Any]:
    return _request_fields.get() or {}


def trace_fields(headers: Any, project: str | None = None) -> dict[str, str]:
    """Cloud Logging's trace correlation from the request's headers: App Engine's
    `X-Cloud-Trace-Context: TRACE/SPAN;o=1`, else W3C `traceparent`."""
    project = project or os.environ.get("GOOGLE_CLOUD_PROJECT")
    trace = span = None
    cloud = headers.get("X-Cloud-Trace-Context") or ""
    if cloud:
        trace, _, rest = cloud.partition("/")
        span = rest.split(";")[0] or None
    else:
        parts = (headers.get("traceparent") or "").split("-")
        if len(parts) == 4:
            trace, span = parts[1], parts[2]
    if not trace or not trace.isalnum():
        return {}
    fields = {TRACE_KEY: f"projects/{project}/traces/{trace}" if project else trace}
    if span and span.isalnum():
        fields[SPAN_KEY] = span
    return fields


class CloudLoggingFormatter(logging.Formatter):
    """One JSON object per line. `extra={"fields": {...}}` adds fields to a line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "severity": record.levelname,
            "message": record.getMessage(),
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "logger": record.name,
        }
        entry.update(current_request_fields())
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            # In the message, where Cloud Error Reporting looks for it.
            entry["message"] = f"{entry['message']}\n{self.formatException(record.exc_info)}"
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Development: the usual text line, the fields appended as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = {**current_request_fields(), **(getattr(record, "fields", None) or {})}
        if not fields:
            return line
        text = " ".join(f"{key}={value}" for key, value in fields.items())
        head, newline, rest = line.partition("\n")
        return f"{head} [{text}]{newline}{rest}"


_HANDLER_NAME = "boxtribute"


def configure_logging(json_lines: bool, level: int = logging.INFO) -> None:
    """The root logger writes our lines to stderr (once, however often called)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(CloudLoggingFormatter() if json_lines else TextFormatter())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)


class RateLimitedLogger:
    """At most one line per `every` seconds; the next line says how many were left
    out. For failures that would otherwise be logged by every request."""

    def __init__(self, logger: logging.Logger, every: float):
        self.logger = logger
        self.every = every
        # Native: callers may be greenlets or DB threads.
        self._lock = unpatched("threading", "_CRLock")()
        self._last = float("-inf")
        self._suppressed = 0

    def warning(self, message: str, *args: Any) -> bool:
        """Log unless one was logged less than `every` seconds ago; True if logged."""
        now = time.monotonic()
        with self._lock:
            if now - self._last < self.every:
                self._suppressed += 1
                return False
            suppressed, self._suppressed, self._last = self._suppressed, 0, now
        fields = {"suppressed": suppressed} if suppressed else {}
        self.logger.warning(message, *args, extra={"fields": fields})
        return True
