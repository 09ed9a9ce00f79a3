"""Sending: an email over SMTP (STARTTLS, SSL or a plain local relay) and JSON to a webhook over HTTP(S).

Every failure becomes a `DeliveryFailed` with one sentence a person can act on (authentication
failed, the host cannot be reached, no answer in time, the service's HTTP status and reason). A
webhook's URL is a secret (whoever has it can post), so no message ever shows more of it than its host.
"""

from __future__ import annotations

import json
import smtplib
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

from reporter.content.models import SmtpServer

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
_REASON_CHARS = 200  # of a service's error body: enough for its reason, never a whole error page


class DeliveryFailed(Exception):
    """A message could not be delivered; str() says why in one sentence. `this_message_only`: the failure is
    about this message (its recipients), so the channel's other messages may still go."""

    def __init__(self, reason: str, *, this_message_only: bool = False):
        super().__init__(reason)
        self.this_message_only = this_message_only


def secret(environ: Mapping[str, str], name: str, what: str) -> str:
    """The value of the environment variable `name`; DeliveryFailed naming the variable when it is unset or empty."""
    value = environ.get(name, "").strip()
    if not value:
        raise DeliveryFailed(f"the environment variable {name} ({what}) is not set")
    return value


def send_email(server: SmtpServer, email: EmailMessage, to: list[str], environ: Mapping[str, str], timeout: float) -> None:
    """Send one email through `server`, logging in with the credentials from the environment when it names them."""
    port = server.port or DEFAULT_PORTS[server.security]
    where = f"{server.host}:{port}"
    username = secret(environ, server.username_env, "the SMTP login name") if server.username_env else None
    password = secret(environ, server.password_env, "the SMTP password") if server.password_env else None
    if password is not None and username is None:
        raise DeliveryFailed("smtp has password_env but no username_env; name both")
    try:
        connection: smtplib.SMTP
        if server.security == "ssl":
            connection = smtplib.SMTP_SSL(server.host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(server.host, port, timeout=timeout)
        with connection:
            if server.security == "starttls":
                connection.starttls(context=ssl.create_default_context())
            if username is not None:
                connection.login(username, password or "")
            connection.send_message(email, to_addrs=to)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryFailed(f"authentication failed at {where}: {_smtp_reply(exc)}") from None
    except smtplib.SMTPNotSupportedError:
        raise DeliveryFailed(f"{where} does not offer STARTTLS; set smtp.security to ssl (or none for a local relay)") from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = "; ".join(f"{to}: {_reply_text(code, text)}" for to, (code, text) in exc.recipients.items())
        raise DeliveryFailed(f"{where} refused the recipients: {refused}", this_message_only=True) from None
    except smtplib.SMTPSenderRefused as exc:
        raise DeliveryFailed(f"{where} refused the sender {exc.sender}: {_reply_text(exc.smtp_code, exc.smtp_error)}") from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryFailed(f"{where} answered {_smtp_reply(exc)}") from None
    except smtplib.SMTPServerDisconnected as exc:
        raise DeliveryFailed(f"{where} closed the connection ({exc or 'without a reason'})") from None
    except ssl.SSLError as exc:
        raise DeliveryFailed(f"TLS with {where} failed: {exc.reason or exc}") from None
    except TimeoutError:
        raise DeliveryFailed(f"no answer from {where} within {timeout:g} s") from None
    except OSError as exc:
        raise DeliveryFailed(f"cannot reach {where}: {_os_reason(exc)}") from None


def post_json(url: str, payload: Any, timeout: float) -> None:
    """POST `payload` as JSON to a webhook URL; any status but 2xx is a failure with the service's reason."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise DeliveryFailed("the webhook URL is not an http(s) URL")
    host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "reporter"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the scheme is checked above
            response.read()
    except urllib.error.HTTPError as exc:
        reason = _http_reason(exc)
        raise DeliveryFailed(f"{host} answered HTTP {exc.code} {exc.reason}" + (f": {reason}" if reason else "")) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise DeliveryFailed(f"no answer from {host} within {timeout:g} s") from None
        why = _os_reason(exc.reason) if isinstance(exc.reason, OSError) else str(exc.reason)
        raise DeliveryFailed(f"cannot reach {host}: {why}") from None
    except TimeoutError:
        raise DeliveryFailed(f"no answer from {host} within {timeout:g} s") from None
    except OSError as exc:
        raise DeliveryFailed(f"cannot reach {host}: {_os_reason(exc)}") from None


def _http_reason(exc: urllib.error.HTTPError) -> str:
    try:
        raw = exc.read(4096).decode("utf-8", "replace")
    except OSError:
        return ""
    try:  # services answer JSON ({"error": ...}, {"message": ...}) or plain text such as Slack's "invalid_token"
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        for key in ("error", "message", "detail", "text"):
            value = parsed.get(key)
            if isinstance(value, dict):
                value = value.get("message") or value.get("code")
            if isinstance(value, str) and value.strip():
                raw = value
                break
    text = " ".join(raw.split())
    return text if len(text) <= _REASON_CHARS else text[: _REASON_CHARS - 1] + "…"


def _reply_text(code: int, text: bytes | str) -> str:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(message.split())}"


def _smtp_reply(exc: smtplib.SMTPResponseException) -> str:
    return _reply_text(exc.smtp_code, exc.smtp_error)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, socket.gaierror):
        return "the host name does not resolve"
    return exc.strerror or str(exc) or type(exc).__name__
