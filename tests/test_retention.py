"""`kb prune`: old events go, and personal data is not kept past what the consent text says
(contact messages one year, notification addresses one year)."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from sqlalchemy import func, select, update

from kb.db import connect, contacts, events
from kb.insights import contacts as contact_form
from kb.insights.events import record
from kbsite.cli import main

NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)


def count(engine, table) -> int:  # noqa: ANN001
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def add_contact(engine, name: str, days_ago: int) -> None:  # noqa: ANN001
    clean, errors = contact_form.validate({"name": name, "contact": "minji@example.com",
                                           "question": "냉장고 설치 날짜 변경", "consent": True})
    assert not errors
    row = contact_form.save(engine, clean, "ko")
    with engine.begin() as conn:
        conn.execute(update(contacts).where(contacts.c.id == row)
                     .values(ts=NOW - dt.timedelta(days=days_ago)))


def test_contact_messages_are_deleted_after_a_year(tmp_path):  # noqa: ANN001
    engine = connect(f"sqlite:///{tmp_path}/kb.db")
    add_contact(engine, "김민지", 366)
    add_contact(engine, "박서연", 364)
    assert contact_form.forget(engine, now=NOW) == 1
    with engine.connect() as conn:
        assert [r.name for r in conn.execute(select(contacts))] == ["박서연"]
    assert contact_form.forget(engine, now=NOW) == 0


def test_prune_says_what_it_deleted(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("KB_INSTANCE", str(tmp_path))
    engine = connect(f"sqlite:///{tmp_path}/answerloop.db")
    record(engine, "search", query="환불 언제 돼요", source="widget")
    with engine.begin() as conn:
        conn.execute(update(events).values(ts=dt.datetime.now(dt.UTC) - dt.timedelta(days=800)))
    record(engine, "search", query="배송 조회", source="widget")
    now = dt.datetime.now(dt.UTC)
    for name, days in (("김민지", 400), ("박서연", 10)):
        clean, _ = contact_form.validate({"name": name, "contact": "010-1234-5678",
                                          "question": "문의", "consent": True})
        row = contact_form.save(engine, clean, "ko")
        with engine.begin() as conn:
            conn.execute(update(contacts).where(contacts.c.id == row)
                         .values(ts=now - dt.timedelta(days=days)))
    engine.dispose()
    result = CliRunner().invoke(main, ["prune"])
    assert result.exit_code == 0, result.output
    assert "365일 넘게 보관한 위젯 문의 1건을 지웠어요" in result.output
    engine = connect(f"sqlite:///{tmp_path}/answerloop.db")
    assert count(engine, events) == 1 and count(engine, contacts) == 1
    english = CliRunner().invoke(main, ["prune", "--lang", "en"])
    assert "0 contact message(s) kept over 365 days deleted" in english.output
