"""What `reporter notify` and `reporter remind` say: the digest and the reminders as messages, before any channel's shape.

Pure functions of the digest (a rendering of the site model) and of the reminders (from
`reporter.compute.reminders`): no clock, no I/O. A `Message` has a one-line subject, a Markdown text
(what chat channels show, and the email's plain-text part) and, for the digest, the self-contained
HTML document of `reporter weekly --format html` (the email's HTML part).
"""

from __future__ import annotations

from dataclasses import dataclass

from reporter.compute.reminders import MissingUpdate, Reminders
from reporter.content.directory import identity
from reporter.content.models import Contact, Portfolio
from reporter.render import text
from reporter.render.digest import Digest, render_html, render_markdown


def one_line(text_: str) -> str:
    """Text folded to one line: a subject or a header never holds a line break (which would end it)."""
    return " ".join(text_.split())


@dataclass(frozen=True)
class Message:
    """One message for one channel: what kind it is, its week, a subject line, Markdown and optional HTML."""

    kind: str  # 'digest' or 'reminders'
    week: str  # 2026-W47
    subject: str
    markdown: str
    html: str | None = None
    link: str | None = None  # the site's page the message is about, when the site's URL is known
    to: tuple[str, ...] = ()  # email: the addresses; empty: the channel's own recipients
    reminders: tuple[MissingUpdate, ...] = ()  # the projects a reminder is about (for the generic webhook)


def digest_message(digest: Digest) -> Message:
    """The weekly digest: the same Markdown and HTML as `reporter weekly`, with a subject naming the week."""
    scope = f" · {digest.scope_name}" if digest.program else ""
    return Message(
        kind="digest",
        week=digest.week,
        subject=one_line(f"{digest.organisation}{scope} · status of week {digest.week} ({digest.monday} to {digest.sunday})"),
        markdown=render_markdown(digest),
        html=render_html(digest),
        link=digest.week_url,
    )


def reachable(portfolio: Portfolio) -> list[Contact]:
    """Everyone reminders can reach: notify.contacts first, then each declared person with an email
    or a handle, under their name and each alias."""
    contacts = list(portfolio.notify.contacts) if portfolio.notify is not None else []
    for person in portfolio.people:
        if person.email or person.handle:
            contacts += [Contact(name=n, email=person.email, chat=person.handle) for n in (person.name, *person.aliases)]
    return contacts


def contact_of(name: str, contacts: list[Contact]) -> Contact | None:
    """The contact of a person, matched by identity (case, accents, spacing and a leading '@' aside);
    None when there is none."""
    wanted = _key(name)
    return next((c for c in contacts if _key(c.name) == wanted), None)


def _key(name: str) -> str:
    return identity(name) or " ".join(name.split()).casefold()  # a name of no letters matches itself only


def _project_line(missing: MissingUpdate) -> str:
    last = f"last update {missing.last_update}" if missing.last_update else "no update yet"
    return f"**{text.inline(missing.project_name)}** ({last}): `reporter new update {missing.project_id}`"


def _heading(organisation: str, reminders: Reminders) -> str:
    return f"{organisation} · updates due for week {reminders.week.name}"


# `reporter new update` writes this week's file pre-filled from the previous update.
HOW_TO = "The command writes this week's file from the last update; fill it in, run `reporter validate` and commit it."


def chat_reminder(organisation: str, reminders: Reminders, contacts: list[Contact], site_url: str | None) -> Message:
    """One chat message naming every owner whose update is missing (by their chat handle where known)."""
    week = reminders.week
    lines = [
        f"# {text.inline(_heading(organisation, reminders))}",
        "",
        f"No update is dated in week {week.name} ({week.monday} to {reminders.report_date}) yet for "
        f"{len(reminders.missing)} project{'s' if len(reminders.missing) != 1 else ''}:",
        "",
    ]
    for owner in reminders.owners():
        contact = contact_of(owner, contacts)
        # A handle is written as given (it is the chat's own mention syntax); a name is text.
        who = contact.chat if contact is not None and contact.chat else text.inline(owner)
        projects = "; ".join(_project_line(m) for m in reminders.of_owner(owner))
        lines.append(f"- {who}: {projects}")
    lines += ["", HOW_TO]
    if site_url:
        lines += ["", f"Status site: <{site_url}>"]
    return Message(
        kind="reminders",
        week=week.name,
        subject=one_line(_heading(organisation, reminders)),
        markdown="\n".join(lines) + "\n",
        link=site_url,
        reminders=reminders.missing,
    )


def email_reminders(
    organisation: str, reminders: Reminders, contacts: list[Contact], site_url: str | None
) -> tuple[tuple[Message, ...], tuple[str, ...]]:
    """One email per owner with an address: (the messages, the owners without an email address)."""
    week = reminders.week
    messages, unreachable = [], []
    for owner in reminders.owners():
        contact = contact_of(owner, contacts)
        if contact is None or not contact.email:
            unreachable.append(owner)
            continue
        mine = reminders.of_owner(owner)
        lines = [
            f"Hello {owner},",
            "",
            f"No update is dated in week {week.name} ({week.monday} to {reminders.report_date}) yet for:",
            "",
            *(
                f"- {m.project_name} ({f'last update {m.last_update}' if m.last_update else 'no update yet'}): "
                f"reporter new update {m.project_id}"
                for m in mine
            ),
            "",
            HOW_TO.replace("`", ""),
        ]
        if site_url:
            lines += ["", f"Status site: {site_url}"]
        messages.append(
            Message(
                kind="reminders",
                week=week.name,
                subject=one_line(f"{organisation} · your status update for week {week.name} is due"),
                markdown="\n".join(lines) + "\n",
                link=site_url,
                to=(contact.email,),
                reminders=mine,
            )
        )
    return tuple(messages), tuple(unreachable)
