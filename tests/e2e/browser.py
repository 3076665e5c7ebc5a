"""One browser tab of the web app as a user, and what it saw: every GraphQL request
with its answer, console errors, uncaught exceptions and error toasts.

A test asserts what the page shows; `assert_clean()` (called by the fixture after
every test) asserts that nothing went wrong on the way: no GraphQL error in any
answer, no HTTP failure of the API, no console error other than the camera's (a
headless browser has none, so the QR reader complains), no error toast.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, Response

# The QR reader asks for a camera that a headless browser does not have, and loads
# its decoder (zxing's WebAssembly) from a CDN that these machines cannot reach.
EXPECTED_CONSOLE_ERRORS = re.compile(
    r"camera|NotFoundError|Requested device not found|getUserMedia|videoinput|"
    r"NotAllowedError|Permission denied|NotReadableError|OverconstrainedError|"
    r"wasm|ArrayBuffer instantiation",
    re.IGNORECASE,
)
EXPECTED_TOASTS = re.compile(r"^(Error)?\s*(No camera is available on your device\.)?$")

# Chakra UI's toasts are alerts with a data-status; remember every error toast shown,
# even those that disappear before the test looks.
TOAST_RECORDER = """
(() => {
  window.__e2eErrorToasts = [];
  const seen = new WeakSet();
  const look = (root) => {
    if (!root.querySelectorAll) return;
    const alerts = [root, ...root.querySelectorAll('[data-status="error"]')];
    for (const el of alerts) {
      if (el.getAttribute && el.getAttribute('data-status') === 'error'
          && el.closest('.chakra-toast, [id^="chakra-toast"], [role="region"]')
          && !seen.has(el)) {
        seen.add(el);
        window.__e2eErrorToasts.push((el.innerText || el.textContent || '').trim());
      }
    }
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) for (const n of m.addedNodes) look(n);
  }).observe(document, { childList: true, subtree: true });
})();
"""


@dataclass
class GraphQLExchange:
    operation: str | None
    variables: dict | None
    status: int
    answer: dict | None
    text: str
    unread: bool = False  # the body was gone before it could be read

    @property
    def errors(self) -> list:
        return (self.answer or {}).get("errors") or []

    def as_json(self) -> dict:
        return {
            "operation": self.operation,
            "variables": self.variables,
            "status": self.status,
            "answer": self.answer if self.answer is not None else self.text,
        }


@dataclass
class AppPage:
    """A tab of the app, logged in as `user` (its browser context's user)."""

    page: Page
    user: str
    base_url: str
    graphql_url: str
    graphql: list[GraphQLExchange] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    failed_elsewhere: list[str] = field(default_factory=list)
    # Console errors a test expects of this page besides the camera's (a pattern).
    expected_console: re.Pattern | None = None

    def __post_init__(self) -> None:
        self.page.add_init_script(TOAST_RECORDER)
        self.page.on("response", self._record_response)
        self.page.on("requestfailed", self._record_failure)
        self.page.on("console", self._record_console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    # --- recording ------------------------------------------------------------------

    def _record_response(self, response: Response) -> None:
        request = response.request
        if request.method != "POST" or not response.url.startswith(self.graphql_url):
            return
        try:
            body = request.post_data_json or {}
        except ValueError:
            body = {}
        try:
            text = response.text()
        except Exception:  # noqa: BLE001
            # The tab navigated on before the body arrived (a refetch cut short by
            # page.goto): nothing to judge, the status still is.
            text, unread = "", True
        else:
            unread = False
        try:
            answer = json.loads(text) if text else None
        except ValueError:
            answer = None
        for item in body if isinstance(body, list) else [body]:
            self.graphql.append(
                GraphQLExchange(
                    item.get("operationName"),
                    item.get("variables"),
                    response.status,
                    answer,
                    text,
                    unread,
                )
            )

    def _record_failure(self, request) -> None:
        self.failed_elsewhere.append(f"{request.method} {request.url}: {request.failure}")
        if request.url.startswith(self.graphql_url):
            self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _record_console(self, message) -> None:
        if message.type != "error" or EXPECTED_CONSOLE_ERRORS.search(message.text):
            return
        if self.expected_console is not None and self.expected_console.search(message.text):
            return
        source = (message.location or {}).get("url", "")
        if "zxing" in source or "zxing" in message.text:
            return
        if message.text.startswith("Failed to load resource") and any(
            "zxing" in failure for failure in self.failed_elsewhere
        ):
            return
        self.console_errors.append(message.text)

    # --- driving --------------------------------------------------------------------

    def goto(self, path: str) -> AppPage:
        self.page.goto(self.base_url + path)
        return self

    def operations(self) -> list[str | None]:
        return [exchange.operation for exchange in self.graphql]

    def answers_to(self, operation: str) -> list[dict]:
        return [e.answer for e in self.graphql if e.operation == operation and e.answer]

    def wait_for_operation(self, operation: str, timeout: float = 15) -> dict:
        """The answer to the first `operation` sent (waits for it)."""
        deadline = self.page.evaluate("Date.now()") + timeout * 1000
        while True:
            answers = self.answers_to(operation)
            if answers:
                return answers[-1]
            if self.page.evaluate("Date.now()") > deadline:
                raise AssertionError(f"no answer to {operation}; sent: {self.operations()}")
            self.page.wait_for_timeout(100)

    def graphql_errors(self) -> list[tuple[str | None, list]]:
        return [(e.operation, e.errors) for e in self.graphql if e.errors]

    def error_toasts(self) -> list[str]:
        try:
            return list(self.page.evaluate("window.__e2eErrorToasts || []"))
        except Exception:  # noqa: BLE001 (a closed page has no toasts left to read)
            return []

    # --- checking -------------------------------------------------------------------

    def problems(self) -> list[str]:
        found = []
        for exchange in self.graphql:
            unanswered = exchange.answer is None and not exchange.unread
            if exchange.status != 200 or exchange.errors or unanswered:
                found.append(
                    f"GraphQL {exchange.operation}: HTTP {exchange.status} "
                    f"{json.dumps(exchange.errors or exchange.text)[:600]}"
                )
        found += [f"request failed: {failure}" for failure in self.failed_requests]
        found += [f"console error: {text[:400]}" for text in self.console_errors]
        found += [f"uncaught: {text[:400]}" for text in self.page_errors]
        found += [
            f"error toast: {text}"
            for text in dict.fromkeys(self.error_toasts())
            if not EXPECTED_TOASTS.match(text)
        ]
        return found

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)

    def save_artifacts(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self.page.screenshot(path=str(folder / "screenshot.png"), full_page=True)
        except Exception:  # noqa: BLE001 (the log is still worth saving)
            pass
        try:
            (folder / "page.aria.yaml").write_text(self.page.locator("body").aria_snapshot())
        except Exception:  # noqa: BLE001
            pass
        log = {
            "url": self.page.url,
            "user": self.user,
            "graphql": [exchange.as_json() for exchange in self.graphql],
            "console_errors": self.console_errors,
            "page_errors": self.page_errors,
            "failed_requests": self.failed_requests + self.failed_elsewhere,
            "error_toasts": self.error_toasts(),
        }
        (folder / "graphql-log.json").write_text(json.dumps(log, indent=2, default=str))
