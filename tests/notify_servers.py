"""Real servers on localhost for the notify tests: an SMTP server (aiosmtpd) and an HTTP server taking webhooks."""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (bound and released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    """One message the SMTP server accepted: the envelope and the raw bytes."""

    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class MailHandler:
    """aiosmtpd's handler: keeps every message it is given."""

    messages: list[Received] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # addresses answered "550 no such mailbox"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook name
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


class Accounts:
    """An SMTP authenticator that knows one login."""

    def __init__(self, user: str, password: str):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):  # noqa: ANN001 - aiosmtpd's signature
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (self.user, self.password)
        return AuthResult(success=ok, handled=False)


@contextlib.contextmanager
def smtp_server(
    accounts: Accounts | None = None, tls: ssl.SSLContext | None = None, implicit_tls: bool = False
) -> Iterator[tuple[int, MailHandler]]:
    """A real SMTP server on 127.0.0.1; yields (port, handler).

    Without `tls`, plain (with `accounts`, AUTH PLAIN offered). With `tls`, a server context: STARTTLS
    required before anything else, and AUTH only after it; or, with `implicit_tls`, TLS from the first byte."""
    handler = MailHandler()
    port = free_port()
    options: dict[str, Any] = {}
    if tls is not None:
        options = {"ssl_context": tls} if implicit_tls else {"tls_context": tls, "require_starttls": True}
        if accounts is not None:
            options.update(authenticator=accounts, auth_required=True)
    elif accounts is not None:
        # AUTH offered without TLS (this is localhost) and not required: aiosmtpd warns, in its own
        # thread, when it is required without TLS. PLAIN only: one mechanism is enough to test a refusal.
        options = {"authenticator": accounts, "auth_require_tls": False, "auth_exclude_mechanism": ["LOGIN"]}
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


@dataclass
class Posted:
    """One request the webhook server received."""

    path: str
    content_type: str
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


# What the webhook server answers, by path: (status, body, seconds to wait first).
ANSWERS = {
    "/ok": (200, b"ok", 0.0),
    "/accepted": (202, b"", 0.0),
    "/unauthorized": (401, b"invalid_token", 0.0),
    "/forbidden-json": (
        403,
        json.dumps({"error": {"code": "Forbidden", "message": "The workflow is turned off."}}).encode(),
        0.0,
    ),
    "/broken": (500, b"<html><body>Internal Server Error</body></html>", 0.0),
    "/slow": (200, b"ok", 1.5),
}


@contextlib.contextmanager
def webhook_server() -> Iterator[tuple[str, list[Posted]]]:
    """A real HTTP server on 127.0.0.1 in a thread; yields (its base URL, the requests it received)."""
    posted: list[Posted] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's hook name
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            posted.append(Posted(self.path.split("?")[0], self.headers.get("Content-Type", ""), body))
            status, answer, wait = ANSWERS.get(self.path.split("?")[0], (404, b"no_service", 0.0))
            time.sleep(wait)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain" if not answer.startswith(b"{") else "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:  # the client gave up waiting (the timeout test)
                pass

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", posted
    finally:
        server.shutdown()
        server.server_close()
