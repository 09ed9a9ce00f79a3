"""Each channel's shape of a message: the email, and the JSON each chat service's webhook takes, within its limits.

Pure functions; the limits are the services' documented ones:

- Slack incoming webhook (Block Kit): `text` (the notification's fallback), a `header` block (plain
  text, at most 150 characters) and `markdown` blocks (standard Markdown, at most 12,000 characters
  for all of a message's markdown blocks together); at most 50 blocks.
- Mattermost and Rocket.Chat (Slack-compatible incoming webhooks): `text` in Markdown, at most 16,383
  characters on Mattermost and 5,000 on Rocket.Chat (its default maximum message size).
- Microsoft Teams (a Workflows "when a Teams webhook request is received" flow): a message with one
  Adaptive Card attachment; the card's body holds TextBlocks (a subset of Markdown: no headings or
  tables, so headings become bold TextBlocks and table rows lines); at most about 28 KB in all.
- The generic JSON webhook: the subject, the Markdown, the HTML (for the digest) and the link.

A message longer than a channel allows is cut at a whole line, followed by a line that says how much
was left out and where to read all of it.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any

from reporter.content.models import Channel
from reporter.notify.messages import Message

SLACK_HEADER_CHARS = 150
SLACK_MARKDOWN_CHARS = 12_000
SLACK_BLOCKS = 50
CHAT_CHARS = {"mattermost": 16_383, "rocketchat": 5_000}
TEAMS_BYTES = 28_000
ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")


def fit(markdown: str, limit: int, link: str | None) -> str:
    """`markdown` cut at the last whole line that leaves room, within `limit` characters, for a line
    saying how many lines were left out and where the rest is; unchanged when it fits."""
    if len(markdown) <= limit:
        return markdown
    lines = markdown.rstrip("\n").split("\n")
    where = f"the full report: <{link}>" if link else "`reporter weekly` prints all of it"
    kept_chars = sum(len(line) for line in lines)
    for count in range(len(lines), -1, -1):
        if count < len(lines):
            kept_chars -= len(lines[count])
        left = len(lines) - count
        note = f"… {left} more line{'s' if left != 1 else ''} left out here; {where}"
        # The kept lines, a blank line and the note, each ended by a newline.
        if kept_chars + count + 1 + len(note) + 1 <= limit:
            return "\n".join([*lines[:count], "", note]) + "\n"
    return markdown[: max(limit - 1, 0)] + "…"


def slack_payload(message: Message) -> dict[str, Any]:
    """Block Kit for a Slack incoming webhook: a header block and one markdown block."""
    body = message.markdown
    first, _, rest = body.partition("\n")
    if _HEADING.match(first):  # the title goes in the header block; the rest in Markdown
        body = rest.lstrip("\n")
    header = message.subject if len(message.subject) <= SLACK_HEADER_CHARS else message.subject[: SLACK_HEADER_CHARS - 1] + "…"
    return {
        "text": message.subject,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": header, "emoji": True}},
            {"type": "markdown", "text": fit(body, SLACK_MARKDOWN_CHARS, message.link)},
        ],
    }


def chat_payload(message: Message, service: str) -> dict[str, Any]:
    """A Slack-compatible incoming webhook's payload (Mattermost, Rocket.Chat): Markdown in `text`."""
    return {"text": fit(message.markdown, CHAT_CHARS[service], message.link)}


def teams_payload(message: Message) -> dict[str, Any]:
    """A message with one Adaptive Card for a Teams Workflows webhook, at most TEAMS_BYTES of JSON."""
    blocks = _card_blocks(message.markdown)
    actions = [{"type": "Action.OpenUrl", "title": "Open the status site", "url": message.link}] if message.link else []

    def card_of(count: int) -> dict[str, Any]:
        body = blocks[:count]
        if count < len(blocks):
            left = len(blocks) - count
            where = "the full report is on the status site" if message.link else "`reporter weekly` prints all of it"
            body = [*body, _text_block(f"… {left} more item{'s' if left != 1 else ''} left out here; {where}", italic=True)]
        return _teams_message(body, actions)

    def fits(count: int) -> bool:
        return len(json.dumps(card_of(count), ensure_ascii=False).encode("utf-8")) <= TEAMS_BYTES

    if fits(len(blocks)):
        return card_of(len(blocks))
    # The most blocks that fit, by bisection: the size grows with the count (a digest of 500 projects
    # has thousands of blocks, too many to try one by one).
    low, high = 0, len(blocks) - 1
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return card_of(low)


def webhook_payload(message: Message) -> dict[str, Any]:
    """The generic JSON webhook's payload: everything the message is, for a receiver to use as it likes."""
    payload: dict[str, Any] = {
        "kind": message.kind,
        "week": message.week,
        "subject": message.subject,
        "markdown": message.markdown,
        "html": message.html,
        "link": message.link,
    }
    if message.kind == "reminders":
        payload["projects"] = [
            {
                "id": m.project_id,
                "name": m.project_name,
                "program": m.program,
                "owner": m.owner,
                "last_update": m.last_update.isoformat() if m.last_update else None,
            }
            for m in message.reminders
        ]
    return payload


def payload(channel: Channel, message: Message) -> dict[str, Any]:
    """The JSON a chat or webhook channel is sent."""
    if channel.type == "slack":
        return slack_payload(message)
    if channel.type in CHAT_CHARS:
        return chat_payload(message, channel.type)
    if channel.type == "teams":
        return teams_payload(message)
    if channel.type == "webhook":
        return webhook_payload(message)
    raise ValueError(f"{channel.type} channels are not sent JSON")


def email_message(channel: Channel, message: Message, date: float) -> EmailMessage:
    """One email: multipart/alternative with the plain-text (Markdown) part and, for the digest, the HTML part.

    `date` (seconds since the epoch) is the Date header. The Message-ID is derived from the channel, the
    week and the text, so a dry run shows the one that is sent, and a forced resend of the same digest is
    recognised by mail clients as the same message.
    """
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = channel.sender or ""
    email["To"] = ", ".join(message.to or tuple(channel.to))
    email["Date"] = formatdate(date, usegmt=True)
    domain = _domain(channel.sender or "") or "reporter.invalid"
    identity = "\0".join((channel.id, message.kind, message.week, *message.to, message.markdown))
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()
    email["Message-ID"] = f"<{message.kind}.{message.week}.{channel.id}.{digest[:16]}@{domain}>"
    if channel.list_id:
        email["List-Id"] = channel.list_id
    if channel.unsubscribe:
        email["List-Unsubscribe"] = f"<{channel.unsubscribe}>"
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    email.set_content(message.markdown)
    if message.html is not None:
        email.add_alternative(message.html, subtype="html")
    return email


def recipients(channel: Channel, message: Message) -> list[str]:
    """The bare addresses an email goes to."""
    return [parseaddr(to)[1] for to in (message.to or tuple(channel.to))]


def _domain(sender: str) -> str:
    address = parseaddr(sender)[1]
    try:
        return Address(addr_spec=address).domain
    except (ValueError, IndexError):
        return ""


def _teams_message(body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    card: dict[str, Any] = {"$schema": ADAPTIVE_CARD_SCHEMA, "type": "AdaptiveCard", "version": "1.4", "body": body}
    if actions:
        card["actions"] = actions
    return {
        "type": "message",
        "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}],
    }


def _text_block(value: str, *, heading: int = 0, italic: bool = False) -> dict[str, Any]:
    # A TextBlock shows a subset of Markdown and never HTML: entities the digest escaped HTML with would show
    # as written, so they are decoded; an autolink <url> becomes a Markdown link, which TextBlocks know.
    value = _AUTOLINK.sub(r"[\1](\1)", html.unescape(value))
    block: dict[str, Any] = {"type": "TextBlock", "text": f"_{value}_" if italic else value, "wrap": True}
    if heading:
        block.update(weight="Bolder", size="Large" if heading == 1 else "Medium")
        if heading > 1:
            block["spacing"] = "Medium"
    return block


def _card_blocks(markdown: str) -> list[dict[str, Any]]:
    """Markdown as Adaptive Card TextBlocks: a heading each, a paragraph or list each, a table row each."""
    blocks: list[dict[str, Any]] = []
    paragraph: list[str] = []
    header: list[str] | None = None

    def flush() -> None:
        if paragraph:
            blocks.append(_text_block("\n".join(paragraph)))
            paragraph.clear()

    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        if line.startswith("|"):
            flush()
            if _TABLE_RULE.match(line):
                continue
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if header is None:
                header = cells
                continue
            first, *rest = cells
            details = ", ".join(f"{name.lower()} {value}" for name, value in zip(header[1:], rest, strict=False))
            blocks.append(_text_block(f"- **{first}**: {details}"))
            continue
        header = None
        if heading:
            flush()
            blocks.append(_text_block(heading.group(2), heading=len(heading.group(1))))
        elif not line.strip():
            flush()
        else:
            paragraph.append(line)
    flush()
    return blocks
