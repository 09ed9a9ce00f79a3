"""`reporter notify` and `reporter remind`: the digest and the reminders sent to real servers on localhost.

The mini portfolio (tests/fixtures/mini, see test_digest.py) committed to a real git repository, with a
notify section. Week 2026-W11 (2026-03-09 to 2026-03-15) as of Friday 2026-03-13: Alpha (program
core, owner Grace Hopper) reported on 2026-03-06 and 2026-03-13; Beta (program growth, owner Alan
Turing) starts 2026-04-01 and has no update. For the reminders, Friday 2026-03-20 (week 2026-W12):
Alpha's newest update is 2026-03-13, none this week, so Grace Hopper is reminded; Beta has not
started, so nobody is reminded about it.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import ssl
import subprocess
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import trustme
from click.testing import CliRunner

from reporter.cli import main
from reporter.notify.payloads import CHAT_CHARS, SLACK_HEADER_CHARS, SLACK_MARKDOWN_CHARS, TEAMS_BYTES, fit

from conftest import GitRepo
from notify_servers import Accounts, free_port, smtp_server, webhook_server

WEEK_SUBJECT = "Example Org · status of week 2026-W11 (2026-03-09 to 2026-03-15)"


def _portfolio(repo: GitRepo, notify_yaml: str) -> None:
    path = repo.root / "content" / "portfolio.yaml"
    base = (Path(__file__).parent / "fixtures" / "mini" / "portfolio.yaml").read_text(encoding="utf-8")
    path.write_text(base + notify_yaml, encoding="utf-8")


def _commit(repo: GitRepo, notify_yaml: str) -> None:
    _portfolio(repo, notify_yaml)
    repo.commit("content", "2026-03-13T17:00:00+00:00")


def _email_channel(port: int, extra: str = "") -> str:
    return f"""
    - id: leadership
      type: email
      smtp: {{host: 127.0.0.1, port: {port}, security: none{extra}}}
      sender: Zoë Statusbot <status@example.org>
      to: ["Jürgen Ölmann <juergen@example.org>", ada@example.org]
      list_id: Example status <status.example.org>
      unsubscribe: mailto:status-leave@example.org
"""


def _hook(channel_id: str, kind: str, env: str, extra: str = "") -> str:
    return f"""
    - id: {channel_id}
      type: {kind}
      url_env: {env}{extra}
"""


def _run(repo: GitRepo, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [*args, "--content", str(repo.root / "content")], env=env or {}, catch_exceptions=False)


def _notify(repo: GitRepo, *args: str, env: dict[str, str] | None = None):
    return _run(repo, "notify", "--today", "2026-03-13", *args, env=env)


def _weekly(repo: GitRepo, output_format: str) -> str:
    return _run(repo, "weekly", "--today", "2026-03-13", "--format", output_format).output


def _notes(repo: GitRepo) -> list[str]:
    listed = repo.git("notes", "--ref", "reporter-notify", "list").split()
    return sorted(repo.git("notes", "--ref", "reporter-notify", "show", listed[i]) for i in range(1, len(listed), 2))


# --- email -----------------------------------------------------------------------------------------


def test_the_digest_arrives_by_email_as_the_weekly_digest_in_both_parts(repo: GitRepo):
    with smtp_server() as (port, mailbox):
        _commit(repo, "notify:\n  channels:" + _email_channel(port))
        result = _notify(repo)
    assert result.exit_code == 0, result.output
    assert result.output == "leadership: sent 1 message (email)\n"
    [received] = mailbox.messages
    assert received.sender == "status@example.org"
    assert received.recipients == ["juergen@example.org", "ada@example.org"]
    # Parsed as a mail store keeps it, with the wire's CRLF line ends made newlines.
    message = email.message_from_bytes(received.data.replace(b"\r\n", b"\n"), policy=email.policy.default)
    assert message["Subject"] == WEEK_SUBJECT
    assert message["From"].addresses[0].display_name == "Zoë Statusbot"
    assert [a.display_name for a in message["To"].addresses] == ["Jürgen Ölmann", ""]
    # Non-ASCII names travel encoded (RFC 2047), never as raw UTF-8 in the header.
    raw_headers = received.data.split(b"\r\n\r\n", 1)[0]
    assert b"=?utf-8?q?Zo=C3=AB?=" in raw_headers and "Ölmann".encode() not in raw_headers
    assert message["List-Id"] == "Example status <status.example.org>"
    assert message["List-Unsubscribe"] == "<mailto:status-leave@example.org>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert re.fullmatch(r"<digest\.2026-W11\.leadership\.[0-9a-f]{16}@example\.org>", message["Message-ID"])
    assert parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.iter_parts()
    assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
    assert plain.get_content() == _weekly(repo, "md")
    assert html.get_content() == _weekly(repo, "html")


def test_a_second_run_of_the_same_week_sends_nothing_and_force_sends_again(repo: GitRepo):
    with smtp_server() as (port, mailbox):
        _commit(repo, "notify:\n  channels:" + _email_channel(port))
        assert _notify(repo).exit_code == 0
        again = _notify(repo)
        assert len(mailbox.messages) == 1
        assert again.exit_code == 0
        assert re.fullmatch(
            r"leadership: the digest of 2026-W11 went out at 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ; --force sends again\n",
            again.output,
        )
        forced = _notify(repo, "--force")
        assert forced.output == "leadership: sent 1 message (email)\n"
        assert len(mailbox.messages) == 2
    # The marker is a git note per kind and week, one line per channel and sending.
    [note] = _notes(repo)
    assert re.fullmatch(r"(leadership 20\S+Z\n){2}", note)


def test_smtp_login_comes_from_the_environment_and_a_wrong_password_is_named(repo: GitRepo):
    with smtp_server(Accounts("bot", "s3cret")) as (port, mailbox):
        _commit(repo, "notify:\n  channels:" + _email_channel(port, ", username_env: MAIL_USER, password_env: MAIL_PASSWORD"))
        wrong = _notify(repo, env={"MAIL_USER": "bot", "MAIL_PASSWORD": "guess"})
        assert wrong.exit_code == 1
        assert wrong.output == (
            f"leadership (email): authentication failed at 127.0.0.1:{port}: 535 5.7.8 Authentication credentials invalid\n"
            "Error: 1 of 1 channel failed\n"
        )
        assert "guess" not in wrong.output
        unset = _notify(repo, env={"MAIL_USER": "bot"})
        assert unset.output.splitlines()[0] == (
            "leadership (email): the environment variable MAIL_PASSWORD (the SMTP password) is not set"
        )
        right = _notify(repo, env={"MAIL_USER": "bot", "MAIL_PASSWORD": "s3cret"})
        assert right.exit_code == 0 and len(mailbox.messages) == 1


def test_an_smtp_server_that_is_not_there_and_one_without_starttls(repo: GitRepo):
    closed = free_port()
    with smtp_server() as (port, _):
        _commit(
            repo,
            "notify:\n  channels:"
            + _email_channel(closed)
            + _email_channel(port).replace("id: leadership", "id: plain-relay").replace("security: none", "security: starttls"),
        )
        result = _notify(repo)
    assert result.exit_code == 1
    assert result.output == (
        f"leadership (email): cannot reach 127.0.0.1:{closed}: Connection refused\n"
        f"plain-relay (email): 127.0.0.1:{port} does not offer STARTTLS; set smtp.security to ssl (or none for a local relay)\n"
        "Error: 2 of 2 channels failed\n"
    )


# --- chat and webhooks -------------------------------------------------------------------------------


def test_each_chat_service_gets_its_documented_shape_within_its_limits(repo: GitRepo):
    with webhook_server() as (base, posted):
        _commit(
            repo,
            "notify:\n  site_url: https://status.example.org/\n  channels:"
            + _hook("slack-team", "slack", "SLACK_URL")
            + _hook("teams-board", "teams", "TEAMS_URL")
            + _hook("mattermost-pmo", "mattermost", "MM_URL")
            + _hook("rocket", "rocketchat", "RC_URL")
            + _hook("archive", "webhook", "HOOK_URL"),
        )
        env = {
            "SLACK_URL": f"{base}/ok",
            "TEAMS_URL": f"{base}/accepted",
            "MM_URL": f"{base}/ok",
            "RC_URL": f"{base}/ok",
            "HOOK_URL": f"{base}/ok",
        }
        result = _notify(repo, env=env)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "slack-team: sent 1 message (slack)",
        "teams-board: sent 1 message (teams)",
        "mattermost-pmo: sent 1 message (mattermost)",
        "rocket: sent 1 message (rocketchat)",
        "archive: sent 1 message (webhook)",
    ]
    assert all(p.content_type == "application/json; charset=utf-8" for p in posted)
    slack, teams, mattermost, rocket, archive = (p.json() for p in posted)
    digest = _run(repo, "weekly", "--today", "2026-03-13", "--site-url", "https://status.example.org/").output
    body = digest.split("\n", 2)[2]  # the title is the header block

    # Slack: text fallback, a header block (plain text, at most 150) and a markdown block (at most 12,000).
    assert slack == {
        "text": WEEK_SUBJECT,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": WEEK_SUBJECT, "emoji": True}},
            {"type": "markdown", "text": body},
        ],
    }
    assert len(slack["blocks"]) <= 50 and len(slack["blocks"][0]["text"]["text"]) <= SLACK_HEADER_CHARS
    assert sum(len(b["text"]) for b in slack["blocks"] if b["type"] == "markdown") <= SLACK_MARKDOWN_CHARS

    # Teams: a message with one Adaptive Card; TextBlocks only, headings bold, table rows as lines.
    assert len(posted[1].body) <= TEAMS_BYTES
    assert teams["type"] == "message"
    [attachment] = teams["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"], card["$schema"]) == (
        "AdaptiveCard",
        "1.4",
        "http://adaptivecards.io/schemas/adaptive-card.json",
    )
    assert card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Open the status site", "url": "https://status.example.org/weeks/2026-W11/"}
    ]
    assert {b["type"] for b in card["body"]} == {"TextBlock"} and all(b["wrap"] for b in card["body"])
    assert card["body"][0] == {
        "type": "TextBlock",
        "text": "Example Org · week 2026-W11, 2026-03-09 to 2026-03-15",
        "wrap": True,
        "weight": "Bolder",
        "size": "Large",
    }
    texts = [b["text"] for b in card["body"]]
    assert (
        "- **Alpha Migration**: reported ▲ Amber, computed ▲ Amber, done vs planned 33% of 35%, figures as of 2026-03-13, next milestone Cutover (2026-06-19, at risk)"
        in texts
    )
    assert not any(t.startswith("|") for t in texts)
    # TextBlocks know Markdown links but not autolinks, and show HTML entities as written: both are made plain.
    assert "Full report: [https://status.example.org/weeks/2026-W11/](https://status.example.org/weeks/2026-W11/)" in texts
    assert any("- Alpha Migration: Ask: Escalate to the vendor's account manager (of Ada Byron)" in t for t in texts)

    # Mattermost and Rocket.Chat: the Markdown digest in text, within 16,383 and 5,000 characters.
    assert mattermost == {"text": digest} and len(digest) <= CHAT_CHARS["mattermost"]
    assert rocket == {"text": digest} and len(digest) <= CHAT_CHARS["rocketchat"]

    # The generic webhook: everything, HTML included.
    assert archive == {
        "kind": "digest",
        "week": "2026-W11",
        "subject": WEEK_SUBJECT,
        "markdown": digest,
        "html": _run(
            repo, "weekly", "--today", "2026-03-13", "--format", "html", "--site-url", "https://status.example.org/"
        ).output,
        "link": "https://status.example.org/weeks/2026-W11/",
    }


def test_every_failure_is_named_and_never_stops_the_other_channels(repo: GitRepo):
    refused = free_port()
    with webhook_server() as (base, posted), smtp_server() as (port, mailbox):
        _commit(
            repo,
            "notify:\n  channels:"
            + _hook("refused", "slack", "A_URL")
            + _hook("unauthorized", "slack", "B_URL")
            + _hook("workflow-off", "teams", "C_URL")
            + _hook("broken", "webhook", "D_URL")
            + _hook("slow", "mattermost", "E_URL", "\n      timeout_seconds: 0.3")
            + _hook("unset", "rocketchat", "F_URL")
            + _email_channel(port),
        )
        env = {
            "A_URL": f"http://127.0.0.1:{refused}/services/T000/B000/XXXXSECRET",
            "B_URL": f"{base}/unauthorized",
            "C_URL": f"{base}/forbidden-json",
            "D_URL": f"{base}/broken",
            "E_URL": f"{base}/slow",
        }
        result = _notify(repo, env=env)
        assert len(mailbox.messages) == 1  # the email channel, last, still got its message
    host = base.removeprefix("http://")
    assert result.exit_code == 1
    assert result.output == (
        f"refused (slack): cannot reach 127.0.0.1:{refused}: Connection refused\n"
        f"unauthorized (slack): {host} answered HTTP 401 Unauthorized: invalid_token\n"
        f"workflow-off (teams): {host} answered HTTP 403 Forbidden: The workflow is turned off.\n"
        f"broken (webhook): {host} answered HTTP 500 Internal Server Error: <html><body>Internal Server Error</body></html>\n"
        f"slow (mattermost): no answer from {host} within 0.3 s\n"
        "unset (rocketchat): the environment variable F_URL (the webhook URL) is not set\n"
        "leadership: sent 1 message (email)\n"
        "Error: 6 of 7 channels failed\n"
    )
    assert "XXXXSECRET" not in result.output
    # Only the channels that got theirs are remembered: a rerun retries the six others only.
    assert [line.split()[0] for line in _notes(repo)[0].splitlines()] == ["leadership"]
    assert len(posted) == 4  # unauthorized, workflow-off, broken, slow


def test_a_dry_run_prints_exactly_what_would_be_sent_and_sends_nothing(repo: GitRepo):
    with webhook_server() as (base, posted), smtp_server() as (port, mailbox):
        _commit(repo, "notify:\n  channels:" + _hook("slack-team", "slack", "SLACK_URL") + _email_channel(port))
        result = CliRunner().invoke(
            main,
            ["notify", "--today", "2026-03-13", "--dry-run", "--content", str(repo.root / "content")],
            env={"SLACK_URL": f"{base}/ok/SECRET"},
        )
        assert posted == [] and mailbox.messages == []
    assert result.exit_code == 0
    assert result.stderr == "slack-team: would send 1 message (slack)\nleadership: would send 1 message (email)\n"
    preview, mail = result.stdout.split("--- leadership: ")
    head, _, payload = preview.partition("\n")
    assert head == "--- slack-team: slack, POST to the URL in $SLACK_URL"
    assert json.loads(payload)["text"] == WEEK_SUBJECT
    assert mail.startswith("email through 127.0.0.1 (none) to juergen@example.org, ada@example.org\n")
    parsed = email.message_from_string(mail.split("\n", 1)[1], policy=email.policy.default)
    assert parsed["Subject"] == WEEK_SUBJECT and parsed.get_content_type() == "multipart/alternative"
    assert "SECRET" not in result.stdout + result.stderr
    assert (
        subprocess.run(["git", "notes", "--ref", "reporter-notify", "list"], cwd=repo.root, capture_output=True, text=True).stdout
        == ""
    )


def test_a_channel_that_follows_a_program_gets_only_that_program(repo: GitRepo):
    with webhook_server() as (base, posted):
        _commit(repo, "notify:\n  channels:" + _hook("growth-team", "mattermost", "MM_URL", "\n      program: growth"))
        assert _notify(repo, env={"MM_URL": f"{base}/ok"}).exit_code == 0
    text = posted[0].json()["text"]
    assert text.splitlines()[0] == "# Example Org · Growth · week 2026-W11, 2026-03-09 to 2026-03-15"
    assert (
        # Beta has no tasks: its milestone gives it a weight, so the program has a figure (0% of 0%, not started)
        "**Growth at a glance:** 1 project · computed 1 ✔ Green, 0 ▲ Amber, 0 ✖ Red, 0 not assessed · 0% done vs 0% planned · SPI n/a · CPI n/a"
        in text
    )
    assert "Beta Launch" in text and "Alpha" not in text
    assert "Nothing to report for 2026-W11." in text


def test_only_the_named_channel_and_unknown_names_are_refused(repo: GitRepo):
    with webhook_server() as (base, posted):
        _commit(repo, "notify:\n  channels:" + _hook("one", "webhook", "ONE") + _hook("two", "webhook", "TWO"))
        only = _notify(repo, "--channel", "two", env={"ONE": f"{base}/ok", "TWO": f"{base}/ok"})
        assert only.output == "two: sent 1 message (webhook)\n"
        wrong = _notify(repo, "--channel", "three")
    assert wrong.exit_code == 1
    assert wrong.output == "Error: --channel three: no channel in notify.channels sends digest (those that do: one, two)\n"


def test_without_a_notify_section_it_says_so(mini: Path):
    # Not a failure: the CI files run notify on schedule whether or not a channel is set up yet.
    for command in (["notify", "--today", "2026-03-13"], ["remind", "--today", "2026-03-13"]):
        bare = CliRunner().invoke(main, command)
        assert (bare.exit_code, bare.stdout) == (0, "")
        assert bare.stderr == "portfolio.yaml has no notify.channels: nothing to send (see the README's `notify`)\n"


def test_outside_a_git_repository_nothing_is_sent_without_force(mini: Path):
    with webhook_server() as (base, posted):
        text = (mini / "portfolio.yaml").read_text(encoding="utf-8")
        (mini / "portfolio.yaml").write_text(text + "notify:\n  channels:" + _hook("x", "webhook", "X"), encoding="utf-8")
        refused = CliRunner().invoke(main, ["notify", "--today", "2026-03-13"], env={"X": f"{base}/ok"})
        forced = CliRunner().invoke(main, ["notify", "--today", "2026-03-13", "--force"], env={"X": f"{base}/ok"})
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: cannot remember what was sent (content is not in a git repository)")
    assert forced.output == "x: sent 1 message (webhook)\n" and len(posted) == 1


# --- limits ----------------------------------------------------------------------------------------------


def test_a_long_message_is_cut_at_a_line_with_a_note_of_what_is_left_out():
    # Twenty lines: nine of 9 characters with their newline, eleven of 10: 191 characters.
    text = "".join(f"- line {i}\n" for i in range(1, 21))
    link = "https://status.example.org/weeks/2026-W11/"
    assert fit(text, 191, None) == text
    # With k lines kept: 9k, a blank line, the note (92 characters with this link) and a newline.
    # 120 keeps two lines (112); three would be 121.
    assert fit(text, 120, link) == f"- line 1\n- line 2\n\n… 18 more lines left out here; the full report: <{link}>\n"
    # Without a link the note is 65 characters: 90 keeps two lines (85); three would be 94.
    assert fit(text, 90, None) == "- line 1\n- line 2\n\n… 18 more lines left out here; `reporter weekly` prints all of it\n"


# --- validation ------------------------------------------------------------------------------------------


def test_notify_channels_are_validated_at_their_line(mini: Path):
    text = (mini / "portfolio.yaml").read_text(encoding="utf-8")
    lines = len(text.splitlines())
    (mini / "portfolio.yaml").write_text(
        text
        + "notify:\n  channels:\n"
        + "    - {id: mail, type: email, to: [a@example.org]}\n"
        + "    - {id: hook, type: webhook}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"content/portfolio.yaml:{lines + 3}:7: notify.channels[0]: Value error, an email channel needs smtp and sender (got a mapping)",
        f"content/portfolio.yaml:{lines + 4}:7: notify.channels[1]: Value error, a webhook channel needs url_env, the environment variable that holds its webhook URL (got a mapping)",
        "2 problems found",
    ]


def test_channel_ids_are_unique_and_programs_exist(mini: Path):
    text = (mini / "portfolio.yaml").read_text(encoding="utf-8")
    lines = len(text.splitlines())
    (mini / "portfolio.yaml").write_text(
        text
        + "notify:\n  channels:\n"
        + "    - {id: chat, type: slack, url_env: A}\n"
        + "    - {id: chat, type: teams, url_env: B, program: cor}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"content/portfolio.yaml:{lines + 4}:12: notify.channels[1].id: duplicate id 'chat': also used at line {lines + 3}",
        f"content/portfolio.yaml:{lines + 4}:52: notify.channels[1].program: 'cor' is not a program in portfolio.yaml (known: core, growth)",
        "2 problems found",
    ]


# --- reminders -------------------------------------------------------------------------------------------

CONTACTS = """
  contacts:
    - {name: Grace  hopper, email: grace@example.org, chat: "@grace"}
"""


def _remind(repo: GitRepo, today: str, *args: str, env: dict[str, str] | None = None):
    return _run(repo, "remind", "--today", today, *args, env=env)


def test_the_owner_whose_update_is_missing_is_reminded_in_chat_by_handle(repo: GitRepo):
    with webhook_server() as (base, posted):
        _commit(
            repo,
            "notify:\n  site_url: https://status.example.org/\n  channels:"
            + _hook("team-chat", "mattermost", "MM_URL", "\n      sends: [reminders]")
            + _hook("digest-only", "mattermost", "MM_URL")
            + CONTACTS,
        )
        result = _remind(repo, "2026-03-20", env={"MM_URL": f"{base}/ok"})
        again = _remind(repo, "2026-03-20", env={"MM_URL": f"{base}/ok"})
    assert result.exit_code == 0, result.output
    assert result.output == "team-chat: sent 1 message (mattermost)\n"
    assert [p.json() for p in posted] == [
        {
            "text": "# Example Org · updates due for week 2026-W12\n"
            "\n"
            "No update is dated in week 2026-W12 (2026-03-16 to 2026-03-20) yet for 1 project:\n"
            "\n"
            "- @grace: **Alpha Migration** (last update 2026-03-13): `reporter new update alpha`\n"
            "\n"
            "The command writes this week's file from the last update; fill it in, run `reporter validate` and commit it.\n"
            "\n"
            "Status site: <https://status.example.org/>\n"
        }
    ]
    assert re.fullmatch(r"team-chat: the reminders of 2026-W12 went out at \S+Z; --force sends again\n", again.output)


def test_each_owner_with_an_address_gets_an_email_and_the_others_are_named(repo: GitRepo):
    with smtp_server() as (port, mailbox):
        channel = _email_channel(port).replace("      to:", "      sends: [digest, reminders]\n      to:")
        # Beta starts on 2026-04-01: on Friday 2026-04-03 Alan Turing (no address) owes its first update too.
        _commit(repo, "notify:\n  channels:" + channel + CONTACTS)
        result = _remind(repo, "2026-04-03")
    assert result.exit_code == 0, result.output
    assert result.output == "leadership: sent 1 message (email); no email address for Alan Turing (add them to notify.contacts)\n"
    [received] = mailbox.messages
    assert received.recipients == ["grace@example.org"]
    message = email.message_from_bytes(received.data.replace(b"\r\n", b"\n"), policy=email.policy.default)
    assert message["Subject"] == "Example Org · your status update for week 2026-W14 is due"
    assert message["To"] == "grace@example.org"
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == (
        "Hello Grace Hopper,\n"
        "\n"
        "No update is dated in week 2026-W14 (2026-03-30 to 2026-04-03) yet for:\n"
        "\n"
        "- Alpha Migration (last update 2026-03-13): reporter new update alpha\n"
        "\n"
        "The command writes this week's file from the last update; fill it in, run reporter validate and commit it.\n"
    )


def test_reminders_go_out_on_the_reminder_day_only_and_not_when_everyone_reported(repo: GitRepo):
    with webhook_server() as (base, posted):
        _commit(
            repo,
            "notify:\n  reminder_day: thursday\n  channels:" + _hook("team-chat", "webhook", "URL", "\n      sends: [reminders]"),
        )
        wednesday = _remind(repo, "2026-03-11", env={"URL": f"{base}/ok"})
        # Thursday 2026-03-12 of week 2026-W11: Alpha's update of that week is dated Friday 2026-03-13,
        # so on Thursday it is still missing; on Friday (with --any-day) nothing is.
        thursday = _remind(repo, "2026-03-12", "--dry-run", env={"URL": f"{base}/ok"})
        friday = _remind(repo, "2026-03-13", "--any-day", env={"URL": f"{base}/ok"})
    assert (
        wednesday.output
        == "2026-03-11 is a Wednesday; reminders go out on Thursdays (notify.reminder_day). Nothing sent (--any-day sends anyway).\n"
    )
    assert json.loads(thursday.output.split("\n", 1)[1].rsplit("\n", 2)[0])["projects"] == [
        {"id": "alpha", "name": "Alpha Migration", "program": "core", "owner": "Grace Hopper", "last_update": "2026-03-06"}
    ]
    assert friday.output == "team-chat: nothing to send; every project has an update dated in 2026-W11\n"
    assert posted == []


# --- TLS --------------------------------------------------------------------------------------------------


@pytest.fixture
def certificate_authority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> trustme.CA:
    """A private CA that the client trusts (through SSL_CERT_FILE, as a company CA would be) and a server context."""
    ca = trustme.CA()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return ca


def _server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


def test_starttls_then_login_and_ssl_from_the_start(repo: GitRepo, certificate_authority: trustme.CA):
    login = ", username_env: MAIL_USER, password_env: MAIL_PASSWORD"
    env = {"MAIL_USER": "bot", "MAIL_PASSWORD": "s3cret"}
    context = _server_context(certificate_authority)
    with smtp_server(Accounts("bot", "s3cret"), tls=context) as (starttls_port, starttls_box):
        with smtp_server(tls=context, implicit_tls=True) as (ssl_port, ssl_box):
            _commit(
                repo,
                "notify:\n  channels:"
                + _email_channel(starttls_port, login).replace("security: none", "security: starttls")
                + _email_channel(ssl_port).replace("id: leadership", "id: board").replace("security: none", "security: ssl"),
            )
            result = _notify(repo, env=env)
    assert result.output == "leadership: sent 1 message (email)\nboard: sent 1 message (email)\n"
    assert len(starttls_box.messages) == 1 and len(ssl_box.messages) == 1


def test_a_certificate_the_client_does_not_trust_is_a_tls_failure(repo: GitRepo, certificate_authority: trustme.CA):
    untrusted = _server_context(trustme.CA())  # another CA than the one in SSL_CERT_FILE
    with smtp_server(tls=untrusted, implicit_tls=True) as (port, mailbox):
        _commit(repo, "notify:\n  channels:" + _email_channel(port).replace("security: none", "security: ssl"))
        result = _notify(repo)
    assert result.exit_code == 1 and mailbox.messages == []
    assert result.output == (
        f"leadership (email): TLS with 127.0.0.1:{port} failed: CERTIFICATE_VERIFY_FAILED\nError: 1 of 1 channel failed\n"
    )


def test_a_large_portfolio_is_cut_to_each_service_s_limit(repo: GitRepo):
    # 150 projects, each with an update this week and a blocker: a digest far above every chat limit.
    files = {}
    for i in range(150):
        files[f"content/projects/p{i:03d}/plan.yaml"] = (
            f"name: Project number {i:03d} with a long descriptive name\nprogram: core\nowner: Owner {i}\n"
            "start: 2026-01-05\nfinish: 2026-12-18\n"
        )
        files[f"content/projects/p{i:03d}/updates/2026-03-12.yaml"] = (
            "date: 2026-03-12\nauthor: Someone\nstatus: amber\nsummary: Fine.\n"
            f"blockers:\n  - Waiting for the supplier of part {i} to confirm the delivery date\n"
        )
    repo.write(files)
    with webhook_server() as (base, posted):
        _commit(
            repo,
            "notify:\n  site_url: https://status.example.org/\n  channels:"
            + _hook("slack", "slack", "URL")
            + _hook("teams", "teams", "URL")
            + _hook("mattermost", "mattermost", "URL")
            + _hook("rocketchat", "rocketchat", "URL"),
        )
        result = _notify(repo, env={"URL": f"{base}/ok"})
    assert result.exit_code == 0, result.output
    digest = _run(repo, "weekly", "--today", "2026-03-13", "--site-url", "https://status.example.org/").output
    assert len(digest) > 2 * CHAT_CHARS["mattermost"]
    slack, teams, mattermost, rocket = posted
    note = re.compile(r"\n\n… \d+ more lines left out here; the full report: <https://status\.example\.org/weeks/2026-W11/>\n\Z")
    markdown = slack.json()["blocks"][1]["text"]
    assert SLACK_MARKDOWN_CHARS - 200 < len(markdown) <= SLACK_MARKDOWN_CHARS and note.search(markdown)
    assert digest.split("\n", 2)[2].startswith(note.split(markdown)[0])
    for posted_text, limit in (
        (mattermost.json()["text"], CHAT_CHARS["mattermost"]),
        (rocket.json()["text"], CHAT_CHARS["rocketchat"]),
    ):
        assert limit - 200 < len(posted_text) <= limit and note.search(posted_text)
        assert digest.startswith(note.split(posted_text)[0])
    assert TEAMS_BYTES - 1000 < len(teams.body) <= TEAMS_BYTES
    body = teams.json()["attachments"][0]["content"]["body"]
    assert re.fullmatch(r"_… \d+ more items left out here; the full report is on the status site_", body[-1]["text"])


def test_a_header_that_cannot_be_written_fails_its_channel_only(repo: GitRepo):
    with smtp_server() as (port, mailbox), webhook_server() as (base, posted):
        broken = _email_channel(port).replace(
            "sender: Zoë Statusbot <status@example.org>", 'sender: "Status\\nBcc: all@example.org"'
        )
        _commit(repo, "notify:\n  channels:" + broken + _hook("archive", "webhook", "URL"))
        result = _notify(repo, env={"URL": f"{base}/ok"})
    assert result.exit_code == 1 and mailbox.messages == [] and len(posted) == 1
    assert result.output == (
        "leadership (email): cannot write the email's headers (sender, to, list_id, unsubscribe): "
        "Header values may not contain linefeed or carriage return characters\n"
        "archive: sent 1 message (webhook)\n"
        "Error: 1 of 2 channels failed\n"
    )


def test_a_subject_is_one_line_whatever_the_organisation_s_name(repo: GitRepo):
    portfolio = repo.root / "content" / "portfolio.yaml"
    with webhook_server() as (base, posted):
        _commit(repo, "notify:\n  channels:" + _hook("archive", "webhook", "URL"))
        portfolio.write_text(
            portfolio.read_text(encoding="utf-8").replace("organisation: Example Org", 'organisation: "Example\\n  Org"')
        )
        repo.commit("a name on two lines", "2026-03-13T18:00:00+00:00")
        assert _notify(repo, env={"URL": f"{base}/ok"}).exit_code == 0
    assert posted[0].json()["subject"] == WEEK_SUBJECT


def test_a_rerun_after_one_owner_s_email_failed_sends_only_that_one(repo: GitRepo):
    contacts = CONTACTS + "    - {name: Alan Turing, email: alan@example.org}\n"
    with smtp_server() as (port, mailbox):
        mailbox.refused.add("alan@example.org")
        channel = _email_channel(port).replace("      to:", "      sends: [reminders]\n      to:")
        _commit(repo, "notify:\n  channels:" + channel + contacts)
        first = _remind(repo, "2026-04-03")
        assert first.exit_code == 1
        assert first.output == (
            f"leadership (email): 127.0.0.1:{port} refused the recipients: alan@example.org: 550 5.1.1 No such mailbox\n"
            "Error: 1 of 1 channel failed\n"
        )
        assert [m.recipients for m in mailbox.messages] == [["grace@example.org"]]  # Alan's failed; Grace's still went
        mailbox.refused.clear()
        second = _remind(repo, "2026-04-03")
        assert second.output == "leadership: sent 1 message (email)\n"
        assert [m.recipients for m in mailbox.messages] == [["grace@example.org"], ["alan@example.org"]]
        third = _remind(repo, "2026-04-03")
        assert re.fullmatch(r"leadership: the reminders of 2026-W14 went out at \S+Z; --force sends again\n", third.output)
    assert sorted(line.split()[0] for line in _notes(repo)[0].splitlines()) == [
        "leadership/alan@example.org",
        "leadership/grace@example.org",
    ]


def test_a_declared_person_with_an_email_is_reminded_under_any_spelling_of_their_name(repo: GitRepo):
    with smtp_server() as (port, mailbox):
        channel = _email_channel(port).replace("      to:", "      sends: [digest, reminders]\n      to:")
        # Beta's owner is written 'Alan Turing'; the portfolio declares him as '@alan turing', with an address.
        # Grace Hopper (alpha) is declared without one, and is not in notify.contacts: she is named as unreachable.
        people = "people:\n  - {name: '@alan turing', email: alan@example.org}\n  - {name: Grace Hopper, role: Project manager}\n"
        _commit(repo, people + "notify:\n  channels:" + channel)
        result = _remind(repo, "2026-04-03")
    assert result.exit_code == 0, result.output
    assert (
        result.output == "leadership: sent 1 message (email); no email address for Grace Hopper (add them to notify.contacts)\n"
    )
    [received] = mailbox.messages
    assert received.recipients == ["alan@example.org"]
