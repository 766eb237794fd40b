"""Telling proposers how their improvement task turned out: one e-mail each, over SMTP.

`notify` sends each proposer not yet told one message in their language (Korean, or English
for those who wrote in English) with the task's title and outcome, and forgets the address
once it is sent (`tasks.mark_notified`). A send that fails leaves that proposer waiting, so
running it again reaches only those not yet told. `post_webhook` tells a team channel
(Slack-compatible JSON) that a task moved; it never raises.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import smtplib
import ssl
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine

from kb.core.catalogue import Text, message, t
from kb.errors import KbError
from kb.insights import followups, tasks
from kb.insights.tasks import Move, Proposer, Task

log = logging.getLogger(__name__)
SETTLED = ("done", "rejected", "notified")  # the states whose outcome is worth an e-mail

SMTP_TIMEOUT = 10  # seconds for connecting and each SMTP command
WEBHOOK_TIMEOUT = 5  # seconds; a slow channel must not hold up a move
PORTS = {"smtp": 25, "smtps": 465}


class NotifyError(KbError):
    """Notification settings that cannot work (no SMTP URL, an unknown scheme)."""


@dataclass
class NotifyResult:
    """What one run did: sent, failed (proposer id, reason), and who was not tried."""

    sent: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    already: int = 0  # notified before this run
    waiting: int = 0  # proposers with an address, not yet notified, at the start
    unreachable: int = 0  # not notified, but their address is gone (retention limit)
    addresses: dict[int, str] = field(default_factory=dict)  # proposer id → masked address

    @property
    def ok(self) -> bool:
        return not self.failed


def mask(address: str) -> str:
    """`minji@example.com` → `mi***@example.com`: enough to tell people apart in a log."""
    local, _, domain = address.rpartition("@")
    keep = 2 if len(local) > 3 else 1
    return f"{local[:keep]}***@{domain}"


def outcome(task: Task) -> str:
    """The state a proposer hears about: 피드백완료 reports the state it came from."""
    if task.status == "notified" and task.history and task.history[-1].from_status:
        return task.history[-1].from_status
    return task.status


def _state(status: str, lang: str) -> str:
    return message(f"task_state_{status}", lang)


def _rejection(task: Task) -> Move | None:
    return next((m for m in reversed(task.history) if m.to_status == "rejected"), None)


def letter(task: Task, proposer: Proposer, site: Text) -> tuple[str, str]:
    """(subject, body) of the message to one proposer, in their language."""
    lang = "en" if proposer.lang == "en" else "ko"
    name = site.get(lang)
    state = outcome(task)
    if state == "done":
        result = t("notify_done", title=task.title)
    elif state == "rejected":
        found = _rejection(task)
        result = t("notify_rejected", title=task.title,
                   reason=(found.reason if found else None) or "-")
    else:
        result = t("notify_status", title=task.title, status=_state(state, lang))
    hello = (t("notify_hello_name", name=proposer.name) if proposer.name
             else t("notify_hello"))
    lines = [hello, t("notify_thanks"), result, t("notify_footer"), t("notify_signature",
                                                                      site=name)]
    body = "\n\n".join(line.get(lang) for line in lines) + "\n"
    return message("notify_subject", lang, site=name, title=task.title), body


def _email(task: Task, proposer: Proposer, sender: str, site: Text,
           now: dt.datetime) -> EmailMessage:
    subject, body = letter(task, proposer, site)
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = Address(site.get(proposer.lang), addr_spec=sender)
    msg["To"] = Address(proposer.name or "", addr_spec=proposer.email or "")
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid("task", domain=sender.rpartition("@")[2] or None)
    msg.set_content(body)
    return msg


def _connect(url: str) -> smtplib.SMTP:
    """A logged-in SMTP session: implicit TLS for smtps://, STARTTLS when offered."""
    parts = urlsplit(url)
    try:
        port = parts.port or PORTS[parts.scheme]
    except (KeyError, ValueError):  # another scheme, or a port that is not a number
        port = 0
    if not port or not parts.hostname:
        raise NotifyError("notify_bad_url", url=_safe(url))
    context = ssl.create_default_context()
    if parts.scheme == "smtps":
        server: smtplib.SMTP = smtplib.SMTP_SSL(parts.hostname, port, timeout=SMTP_TIMEOUT,
                                                context=context)
    else:
        server = smtplib.SMTP(parts.hostname, port, timeout=SMTP_TIMEOUT)
    try:
        server.ehlo()
        if parts.scheme == "smtp" and server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
    except BaseException:
        server.close()
        raise
    return server


def _safe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ":?"
    return f"{parts.scheme}://{parts.hostname or ''}{port}"


def _reason(exc: BaseException) -> str:
    """A short, readable reason: the server's reply, else the error itself."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        exc = smtplib.SMTPResponseException(*next(iter(exc.recipients.values())))
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(
            exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}".strip()
    return str(exc) or type(exc).__name__


def notify(engine: Engine, task_id: int, *, smtp_url: str | None, sender: str,
           site_name: str | Text, dry_run: bool = False,
           now: dt.datetime | None = None) -> NotifyResult:
    """E-mail every proposer of the task not yet told; each one sent is marked notified.

    Only a settled task (반영완료, 기각, 피드백완료) is announced: an address is used once.
    Customers who asked to hear back about its question join its proposers first.
    """
    task = tasks.get(engine, task_id)
    if task.status not in SETTLED:
        raise tasks.TaskError("task_not_settled", id=task_id, status=task.status_ko)
    if followups.collect(engine, task, now):
        task = tasks.get(engine, task_id)
    site = site_name if isinstance(site_name, Text) else Text(site_name, site_name)
    waiting = [p for p in task.proposers if p.notified is None and p.email]
    result = NotifyResult(already=sum(1 for p in task.proposers if p.notified is not None),
                          waiting=len(waiting),
                          unreachable=sum(1 for p in task.proposers
                                          if p.notified is None and not p.email),
                          addresses={p.id: mask(p.email or "") for p in waiting})
    if dry_run or not waiting:
        return result
    if not smtp_url:
        raise NotifyError("notify_no_smtp")
    try:
        server = _connect(smtp_url)
    except OSError as exc:  # refused, timed out, TLS or login failed (SMTPException too)
        reason = _reason(exc)
        log.warning("task %s: cannot reach %s: %s", task_id, _safe(smtp_url), reason)
        result.failed = [(p.id, reason) for p in waiting]
        return result
    try:
        _send_all(engine, server, task, waiting, sender, site, now, result)
    finally:
        try:
            server.quit()
        except OSError:
            server.close()
    return result


def _send_all(engine: Engine, server: smtplib.SMTP, task: Task, waiting: Sequence[Proposer],
              sender: str, site: Text, now: dt.datetime | None, result: NotifyResult) -> None:
    for index, proposer in enumerate(waiting):
        at = now or dt.datetime.now(dt.UTC)
        try:
            server.send_message(_email(task, proposer, sender, site, at))
        except OSError as exc:  # smtplib.SMTPException is an OSError too
            gone = isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(
                exc, smtplib.SMTPException)
            # A refused message waits alone; a lost connection takes every later one along.
            for later in waiting[index:] if gone else [proposer]:
                result.failed.append((later.id, _reason(exc)))
                log.warning("task %s: not sent to proposer %s <%s>: %s", task.id, later.id,
                            result.addresses[later.id], _reason(exc))
            if gone:
                return
            continue
        tasks.mark_notified(engine, proposer.id, now=at)
        result.sent += 1
        log.info("task %s: sent to proposer %s <%s> (%s, %s)", task.id, proposer.id,
                 result.addresses[proposer.id], proposer.lang, outcome(task))


def webhook_text(task: Task, move: Move, lang: str = "ko") -> str:
    """The line a team channel shows for a move."""
    to = _state(move.to_status, lang)
    if move.from_status is None:
        text = message("webhook_created", lang, id=task.id, title=task.title, to=to)
    else:
        text = message("webhook_move", lang, id=task.id, title=task.title,
                       frm=_state(move.from_status, lang), to=to)
    if move.reason:
        text += message("webhook_reason", lang, reason=move.reason)
    if move.by:
        text += message("webhook_by", lang, by=move.by)
    return text


def post_webhook(url: str, task: Task, move: Move, *, lang: str = "ko") -> bool:
    """POST `{"text": …}` about a move to a Slack-compatible webhook; False on any failure."""
    where = _safe(url) if "://" in url else "?"
    try:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValueError("the webhook URL must start with http:// or https://")
        data = json.dumps({"text": webhook_text(task, move, lang)}, ensure_ascii=False)
        request = urllib.request.Request(
            url, data=data.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"})
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            status = response.status
    except Exception as exc:  # a webhook must never break a move; it is logged instead
        log.warning("task %s: webhook %s failed: %s", task.id, where, exc)
        return False
    log.info("task %s: webhook %s answered %s", task.id, where, status)
    return 200 <= status < 300
