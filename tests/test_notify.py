"""Telling proposers: real e-mail to a local SMTP server (aiosmtpd), a real webhook receiver,
failures that leave people waiting for the next run, and the `kb task` commands."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from kb.db import connect
from kb.insights import calendar, tasks
from kb.insights.events import record_many, validate_batch
from kb.insights.notify import NotifyError, mask, notify, post_webhook, webhook_text
from kbsite.cli import main
from tests.conftest import SAMPLE, free_port

TITLE = "배송 조회 화면 개선"


class Inbox:
    """An aiosmtpd handler keeping what arrives; refuses recipients listed in `refuse`."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[str] = []
        self.logins: list[str] = []
        self.refuse: set[str] = set()
        self.url = ""

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: ANN001, ANN201, N802
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.recipients.extend(envelope.rcpt_tos)
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN201
        ok = (auth_data.login, auth_data.password) == (b"cx", b"p@ss word")
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)  # False: aiosmtpd answers 535 itself


def _start(inbox: Inbox, port: int, **kwargs: object) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{port}"
    return controller


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    inbox = Inbox()
    controller = _start(inbox, free_port())
    yield inbox
    controller.stop()


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return tmp_path / "inst"


@pytest.fixture
def engine(instance: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.delenv("KB_DATABASE_URL", raising=False)  # the CLI must find the same file
    engine = connect(f"sqlite:///{instance.resolve()}/answerloop.db")
    yield engine
    engine.dispose()


def _task(engine, outcome: str = "done") -> tasks.Task:  # noqa: ANN001
    made = tasks.create(engine, TITLE)
    tasks.add_proposer(engine, made.id, "minji@example.com", name="김민지")
    tasks.add_proposer(engine, made.id, "jane.doe@example.org", name="Jane", lang="en")
    steps = {"done": ["planned", "done"], "rejected": ["rejected"], "planned": ["planned"]}
    for step in steps[outcome]:
        tasks.move(engine, made.id, step, reason="앱 개편 때 함께 검토", revisit=dt.date(2027, 3, 1))
    return tasks.get(engine, made.id)


def _notify(engine, task_id: int, url: str, **kwargs: object):  # noqa: ANN001, ANN202
    return notify(engine, task_id, smtp_url=url, sender="help@example.com",
                  site_name="가전마켓 고객센터", **kwargs)


def _cli(instance: Path, *args: str, env: dict[str, str] | None = None):  # noqa: ANN202
    return CliRunner().invoke(main, [*args, "--instance", str(instance)], env=env or {})


def _by_recipient(inbox: Inbox) -> dict[str, email.message.EmailMessage]:
    return {str(m["To"].addresses[0].addr_spec): m for m in inbox.messages}


def test_each_proposer_gets_one_message_in_their_language(engine, smtp):  # noqa: ANN001
    made = _task(engine)
    result = _notify(engine, made.id, smtp.url)
    assert (result.sent, result.failed, result.already) == (2, [], 0)
    mail = _by_recipient(smtp)
    korean, english = mail["minji@example.com"], mail["jane.doe@example.org"]
    assert korean["Subject"] == f"[가전마켓 고객센터] 제안해 주신 개선 사항 소식: {TITLE}"
    body = korean.get_content()
    assert body.startswith("김민지님, 안녕하세요.")
    assert f"'{TITLE}' — 반영완료: 제안해 주신 대로 바꿨어요." in body
    assert english["Subject"].startswith("[가전마켓 고객센터] News about the improvement")
    assert english.get_content().startswith("Hello Jane,")
    assert "— done: we made the change you suggested." in english.get_content()
    assert korean["From"].addresses[0].addr_spec == "help@example.com"
    after = tasks.get(engine, made.id)
    assert all(p.email is None and p.notified is not None for p in after.proposers)
    tasks.move(engine, made.id, "notified")  # now allowed: everyone was told
    again = _notify(engine, made.id, smtp.url)
    assert (again.sent, again.failed, again.already) == (0, [], 2)
    assert len(smtp.messages) == 2


def test_a_rejection_says_why(engine, smtp):  # noqa: ANN001
    made = _task(engine, "rejected")
    assert _notify(engine, made.id, smtp.url).sent == 2
    mail = _by_recipient(smtp)
    assert (f"'{TITLE}' — 기각: 이번에는 반영하지 않기로 했어요. 사유: 앱 개편 때 함께 검토"
            in mail["minji@example.com"].get_content())
    assert ("— not adopted: we decided not to make this change for now. Reason: 앱 개편 때 함께 검토"
            in mail["jane.doe@example.org"].get_content())


def test_an_unsettled_task_is_not_announced(engine, smtp):  # noqa: ANN001
    """An address is used once: only a task that is done or rejected is worth the e-mail."""
    made = _task(engine, "planned")
    with pytest.raises(tasks.TaskError) as info:
        _notify(engine, made.id, smtp.url)
    assert info.value.text("ko").startswith(f"{made.id}번 과제는 아직 반영예정 상태예요")
    assert smtp.messages == [] and all(p.email for p in tasks.get(engine, made.id).proposers)


def test_every_send_is_logged_with_the_address_masked(engine, smtp, caplog):  # noqa: ANN001
    made = _task(engine)
    with caplog.at_level(logging.INFO, logger="kb.insights.notify"):
        _notify(engine, made.id, smtp.url)
    lines = [r.getMessage() for r in caplog.records if r.name == "kb.insights.notify"]
    assert lines == [f"task {made.id}: sent to proposer 1 <mi***@example.com> (ko, done)",
                     f"task {made.id}: sent to proposer 2 <ja***@example.org> (en, done)"]
    assert "minji@example.com" not in caplog.text


@pytest.mark.parametrize(("address", "masked"), [("minji@example.com", "mi***@example.com"),
                                                 ("abc@x.kr", "a***@x.kr"),
                                                 ("a@x.kr", "a***@x.kr")])
def test_mask(address, masked):  # noqa: ANN001
    assert mask(address) == masked


def test_a_refused_recipient_waits_and_the_rest_are_sent(engine, smtp):  # noqa: ANN001
    made = _task(engine)
    smtp.refuse.add("minji@example.com")
    result = _notify(engine, made.id, smtp.url)
    assert result.sent == 1
    assert result.failed == [(1, "550 5.1.1 mailbox unavailable")]
    waiting = [p for p in tasks.get(engine, made.id).proposers if p.notified is None]
    assert [p.email for p in waiting] == ["minji@example.com"]
    smtp.refuse.clear()
    again = _notify(engine, made.id, smtp.url)
    assert (again.sent, again.already) == (1, 1)
    assert smtp.recipients == ["jane.doe@example.org", "minji@example.com"]


def test_dry_run_counts_and_sends_nothing(engine, smtp, instance):  # noqa: ANN001
    made = _task(engine)
    out = _cli(instance, "task", "notify", str(made.id), "--dry-run", "--content", str(SAMPLE),
               env={"KB_SMTP_URL": smtp.url})
    assert out.exit_code == 0, out.output
    assert out.output == "2명에게 보낼 거예요 (이미 알림 0명). --dry-run이라 보내지 않았어요\n"
    assert smtp.messages == []
    assert all(p.notified is None for p in tasks.get(engine, made.id).proposers)


def test_smtp_down_fails_everyone_and_a_rerun_sends_to_all(engine, instance):  # noqa: ANN001
    made = _task(engine)
    port = free_port()  # nothing listens here yet
    env = {"KB_SMTP_URL": f"smtp://127.0.0.1:{port}", "KB_MAIL_FROM": "cx@example.com"}
    args = ["task", "notify", str(made.id), "--content", str(SAMPLE), "--lang", "en"]
    down = _cli(instance, *args, env=env)
    assert down.exit_code == 1
    assert "not sent: mi***@example.com — " in down.output
    assert "not sent: ja***@example.org — " in down.output
    assert "0 sent, 2 failed, 0 already notified" in down.output
    assert ("Error: 2 proposer(s) not reached; check the mail server and run kb task notify "
            f"{made.id} again to send to them only") in down.output
    assert all(p.notified is None and p.email for p in tasks.get(engine, made.id).proposers)
    inbox = Inbox()
    controller = _start(inbox, port)
    try:
        up = _cli(instance, *args, env=env)
    finally:
        controller.stop()
    assert up.exit_code == 0, up.output
    assert up.output == "2 sent, 0 failed, 0 already notified\n"
    assert sorted(inbox.recipients) == ["jane.doe@example.org", "minji@example.com"]
    assert {m["From"].addresses[0].addr_spec for m in inbox.messages} == {"cx@example.com"}
    # English proposers see the site's English name.
    assert _by_recipient(inbox)["jane.doe@example.org"]["Subject"].startswith(
        "[Gajeon Market Help Center] ")


def test_the_default_sender_comes_from_site_yaml(engine, smtp, instance):  # noqa: ANN001
    made = _task(engine)
    out = _cli(instance, "task", "notify", str(made.id), "--content", str(SAMPLE),
               env={"KB_SMTP_URL": smtp.url})
    assert out.exit_code == 0, out.output
    assert out.output == "보냄 2명, 실패 0명, 이미 알림 0명\n"
    assert {m["From"].addresses[0].addr_spec for m in smtp.messages} == {"help@127.0.0.1"}


def test_user_and_password_in_the_url_log_in(engine):  # noqa: ANN001
    made = _task(engine)
    inbox = Inbox()
    port = free_port()
    controller = _start(inbox, port, authenticator=inbox.authenticate, auth_require_tls=False)
    try:
        wrong = _notify(engine, made.id, f"smtp://cx:nope@127.0.0.1:{port}")
        assert wrong.sent == 0 and [r[1][:3] for r in wrong.failed] == ["535", "535"]
        assert all(p.notified is None for p in tasks.get(engine, made.id).proposers)
        right = _notify(engine, made.id, f"smtp://cx:p%40ss%20word@127.0.0.1:{port}")
    finally:
        controller.stop()
    assert right.sent == 2 and inbox.logins == ["cx"]


@pytest.mark.parametrize(("url", "expected"), [
    (None, "no mail server: set KB_SMTP_URL, e.g. smtp://user:pass@host:587"),
    ("http://mail.example.com",
     "cannot use mail server 'http://mail.example.com': use smtp://host:587 or smtps://host:465"),
    ("smtp://cx:secret@mail.example.com:25x",
     "cannot use mail server 'smtp://mail.example.com:?': use smtp://host:587 or "
     "smtps://host:465"),
])
def test_settings_that_cannot_work_are_refused(engine, url, expected):  # noqa: ANN001
    made = _task(engine)
    with pytest.raises(NotifyError) as info:
        _notify(engine, made.id, url)
    assert info.value.text("en") == expected  # and never the password
    assert _notify(engine, made.id, url, dry_run=True).waiting == 2  # a dry run needs none


def test_cli_proposer_adds_and_refuses_a_bad_address(engine, instance):  # noqa: ANN001
    made = tasks.create(engine, TITLE)
    ok = _cli(instance, "task", "proposer", str(made.id), "--email", "jane@example.org",
              "--name", "Jane", "--lang", "en")
    assert ok.exit_code == 0, ok.output
    assert ok.output == f"{made.id}번 과제에 제안자 1번을 추가했어요 (알림 언어: en)\n"
    [proposer] = tasks.get(engine, made.id).proposers
    assert (proposer.email, proposer.name, proposer.lang) == ("jane@example.org", "Jane", "en")
    bad = _cli(instance, "task", "proposer", str(made.id), "--email", "jane-at-example")
    assert bad.exit_code == 1
    assert bad.output == "오류: 이메일 주소가 아니에요: 'jane-at-example'\n"
    english = _cli(instance, "task", "proposer", "99", "--email", "a@b.kr",
                   env={"KB_LANG": "en"})
    assert english.exit_code == 1
    assert english.output == "Error: no task 99 (see kb task list)\n"


# --- the team channel's webhook ---


class Hook(BaseHTTPRequestHandler):
    received: list[tuple[str, dict]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/broken":
            self.send_response(500)
        else:
            Hook.received.append((self.headers["Content-Type"], json.loads(body)))
            self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def hook() -> Iterator[str]:
    Hook.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_webhook_posts_slack_json(engine, hook):  # noqa: ANN001
    made = _task(engine, "rejected")
    assert post_webhook(hook + "/hook", made, made.history[-1]) is True
    [(kind, data)] = Hook.received
    assert kind == "application/json; charset=utf-8"
    assert data == {"text": f"개선과제 {made.id}번 '{TITLE}': 과제선정 → 기각 — 사유: 앱 개편 때 함께 검토"}
    assert webhook_text(made, made.history[0], "en") == f"New task #{made.id} '{TITLE}' (selected)"


def test_a_dead_or_failing_webhook_returns_false(engine, hook, caplog):  # noqa: ANN001
    made = _task(engine)
    dead = f"http://127.0.0.1:{free_port()}/hook"
    with caplog.at_level(logging.WARNING, logger="kb.insights.notify"):
        assert post_webhook(dead, made, made.history[-1]) is False
        assert post_webhook(hook + "/broken", made, made.history[-1]) is False
        assert post_webhook("file:///etc/passwd", made, made.history[-1]) is False
        assert post_webhook("not a url", made, made.history[-1]) is False
    assert len([r for r in caplog.records if "webhook" in r.getMessage()]) == 4
    assert Hook.received == []


def test_customers_who_asked_to_hear_back_are_told_too(engine, smtp):  # noqa: ANN001
    """A widget "개선되면 알려주세요" on the task's question becomes a proposer at notify."""
    from kb.insights import followups
    from kb.insights.gaps import gaps

    when = dt.datetime(2026, 10, 5, 3, 0, tzinfo=dt.UTC)
    rows, _ = validate_batch({"type": "search", "session": "s1", "query": "배송 조회가 안 돼요",
                              "hits": [], "ts": when.isoformat()})
    record_many(engine, rows)
    followups.record(engine, "hana@example.com", "배송조회가 안돼요", source="widget")
    october = calendar.until("month", dt.date(2026, 11, 1))
    key = gaps(engine, october)[0].key
    made = tasks.create(engine, TITLE, groups=[key])
    tasks.move(engine, made.id, "반영예정")
    tasks.move(engine, made.id, "반영완료")
    assert _notify(engine, made.id, smtp.url).sent == 1
    assert list(_by_recipient(smtp)) == ["hana@example.com"]
    assert tasks.move(engine, made.id, "피드백완료").status == "notified"
