"""Sending the digest or the reminders to every configured channel, once per week, each channel on its own.

`send` goes through the channels in the order portfolio.yaml lists them. A channel already sent this
kind of message for the week (see `reporter.notify.marker`) is skipped unless forced; a channel that
fails is reported and the others still get theirs. A dry run prints exactly what each channel would be
sent (the whole email, or the JSON and where it is posted) and sends nothing. Secrets (webhook URLs,
SMTP credentials) come from the environment at the moment of sending and are never printed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage

from reporter.compute.reminders import Reminders
from reporter.content.models import Channel, Contact, Notify
from reporter.notify.delivery import DeliveryFailed, post_json, secret, send_email
from reporter.notify.marker import MarkerUnavailable, SentMarks
from reporter.notify.messages import Message, chat_reminder, digest_message, email_reminders
from reporter.notify.payloads import email_message, payload, recipients
from reporter.render.digest import Digest, program_digest


@dataclass(frozen=True)
class Outcome:
    """What happened on one channel: 'sent', 'skipped' (already sent), 'nothing' (nothing for it), 'would send'
    (a dry run) or 'failed', and the line that says so."""

    channel: str
    status: str
    text: str

    @property
    def failed(self) -> bool:
        """Whether the channel did not get its messages."""
        return self.status == "failed"


@dataclass(frozen=True)
class Delivery:
    """The messages one channel gets, and the notes about who could not be addressed."""

    channel: Channel
    messages: tuple[Message, ...]
    notes: tuple[str, ...] = ()


def select_channels(notify: Notify, kind: str, wanted: tuple[str, ...]) -> list[Channel]:
    """The channels that get `kind` ('digest' or 'reminders'), only those named in `wanted` when it names any.

    Raises ValueError for a name in `wanted` that is no channel of that kind."""
    channels = [c for c in notify.channels if kind in c.sends]
    unknown = [w for w in wanted if w not in {c.id for c in channels}]
    if unknown:
        known = ", ".join(c.id for c in channels) or "none"
        raise ValueError(f"--channel {unknown[0]}: no channel in notify.channels sends {kind} (those that do: {known})")
    return [c for c in channels if not wanted or c.id in wanted]


def send(
    deliveries: list[Delivery],
    kind: str,
    week: str,
    *,
    environ: Mapping[str, str],
    marks: SentMarks | None,
    now: dt.datetime,
    dry_run: bool = False,
    force: bool = False,
    show: Callable[[str], None] = print,
) -> list[Outcome]:
    """Send each delivery unless its channel already had `kind` of `week` (or `force`); one Outcome per channel.

    `marks` None means nothing can be remembered (no git repository): allowed only with `force` or
    `dry_run`, which the caller checks. `show` receives what a dry run would send."""
    outcomes = []
    sent_before = marks.sent(kind, week) if marks is not None else {}
    stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for delivery in deliveries:
        channel = delivery.channel
        what = "the digest" if kind == "digest" else "the reminders"
        notes = "".join(f"; {note}" for note in delivery.notes)
        # Each message is remembered on its own (an email reminder per owner: 'channel/address'), so a
        # rerun after a failure half-way sends only what did not go out.
        todo = [m for m in delivery.messages if force or _key(channel, m) not in sent_before]
        if delivery.messages and not todo:
            when = max(sent_before[_key(channel, m)] for m in delivery.messages)
            line = f"{channel.id}: {what} of {week} went out at {when}; --force sends again"
            outcomes.append(Outcome(channel.id, "skipped", line))
            continue
        if not delivery.messages:
            outcomes.append(Outcome(channel.id, "nothing", f"{channel.id}: nothing to send{notes}"))
            continue
        count = len(todo)
        plural = f"{count} message{'s' if count != 1 else ''}"
        if dry_run:
            try:
                previews = [_preview(channel, message, now) for message in todo]
            except DeliveryFailed as exc:
                outcomes.append(Outcome(channel.id, "failed", f"{channel.id} ({channel.type}): {exc}"))
                continue
            for preview in previews:
                show(preview)
            outcomes.append(Outcome(channel.id, "would send", f"{channel.id}: would send {plural} ({channel.type}){notes}"))
            continue
        failures: list[str] = []
        try:
            for message in todo:
                try:
                    _deliver(channel, message, environ, now)
                except DeliveryFailed as exc:
                    failures.append(str(exc))
                    if exc.this_message_only:
                        continue  # another owner's address may well be fine
                    break  # the server or the URL: the channel's other messages would fail the same way
                if marks is not None:
                    marks.mark(kind, week, _key(channel, message), stamp)
        except MarkerUnavailable as exc:
            outcomes.append(Outcome(channel.id, "failed", f"{channel.id}: sent, but cannot remember it: {exc}"))
            continue
        if failures:
            outcomes.append(Outcome(channel.id, "failed", f"{channel.id} ({channel.type}): {'; '.join(failures)}"))
            continue
        outcomes.append(Outcome(channel.id, "sent", f"{channel.id}: sent {plural} ({channel.type}){notes}"))
    return outcomes


def _key(channel: Channel, message: Message) -> str:
    """What a sending is remembered by: the channel, and for a message to its own address, that address."""
    return f"{channel.id}/{message.to[0]}" if message.to else channel.id


def _email(channel: Channel, message: Message, now: dt.datetime) -> EmailMessage:
    try:
        return email_message(channel, message, now.timestamp())
    except (ValueError, IndexError) as exc:  # the email package's word for a header it cannot write
        raise DeliveryFailed(f"cannot write the email's headers (sender, to, list_id, unsubscribe): {exc}") from None


def _deliver(channel: Channel, message: Message, environ: Mapping[str, str], now: dt.datetime) -> None:
    if channel.type == "email":
        assert channel.smtp is not None  # the model requires it of an email channel
        email = _email(channel, message, now)
        send_email(channel.smtp, email, recipients(channel, message), environ, channel.timeout_seconds)
        return
    assert channel.url_env is not None  # the model requires it of every other channel
    url = secret(environ, channel.url_env, "the webhook URL")
    post_json(url, payload(channel, message), channel.timeout_seconds)


def _preview(channel: Channel, message: Message, now: dt.datetime) -> str:
    """What a channel would be sent, as it would be sent, with the secrets left out."""
    if channel.type == "email":
        assert channel.smtp is not None
        server = channel.smtp
        head = f"--- {channel.id}: email through {server.host} ({server.security}) to {', '.join(recipients(channel, message))}"
        return f"{head}\n{_email(channel, message, now).as_string()}"
    head = f"--- {channel.id}: {channel.type}, POST to the URL in ${channel.url_env}"
    return f"{head}\n{json.dumps(payload(channel, message), ensure_ascii=False, indent=2)}\n"


def digest_deliveries(channels: list[Channel], digest: Digest) -> list[Delivery]:
    """The digest for each channel: the whole portfolio's, or its program's for a channel that follows one."""
    return [Delivery(c, (digest_message(digest if c.program is None else program_digest(digest, c.program)),)) for c in channels]


def reminder_deliveries(
    channels: list[Channel], organisation: str, reminders: Reminders, notify: Notify, contacts: list[Contact] | None = None
) -> list[Delivery]:
    """The reminders for each channel (its program's projects only, for a channel that follows one): one
    chat message naming every owner, or one email per owner with an address in `contacts` (default
    notify.contacts; `reporter remind` adds the declared people's, see `messages.reachable`)."""
    contacts = notify.contacts if contacts is None else contacts
    deliveries = []
    for channel in channels:
        mine = reminders.of_program(channel.program)
        if not mine.missing:
            deliveries.append(Delivery(channel, (), (f"every project has an update dated in {reminders.week.name}",)))
        elif channel.type == "email":
            messages, unreachable = email_reminders(organisation, mine, contacts, notify.site_url)
            notes = (f"no email address for {', '.join(unreachable)} (add them to notify.contacts)",) if unreachable else ()
            deliveries.append(Delivery(channel, messages, notes))
        else:
            deliveries.append(Delivery(channel, (chat_reminder(organisation, mine, contacts, notify.site_url),)))
    return deliveries
