"""Customers who asked to hear back become the proposers of the task that takes up their
question — once, and their address is kept no longer than it is needed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from kb.db import connect
from kb.db import followups as followups_table
from kb.insights import calendar, followups, tasks
from kb.insights.events import record_many, validate_batch
from kb.insights.gaps import gaps

OCTOBER = calendar.until("month", dt.date(2026, 11, 1))


@pytest.fixture
def engine(tmp_path):  # noqa: ANN001, ANN201
    engine = connect(f"sqlite:///{tmp_path}/db.sqlite")
    yield engine
    engine.dispose()


def test_the_customers_of_a_question_become_its_tasks_proposers(engine):  # noqa: ANN001
    when = OCTOBER.start_at + dt.timedelta(days=2)
    rows, _ = validate_batch([{"type": "search", "session": f"s{n}", "query": q, "hits": [],
                               "ts": when.isoformat()}
                              for n, q in enumerate(["냉장고 소음이 심해요", "냉장고에서 소리나요"])])
    record_many(engine, rows)
    followups.record(engine, "kim@example.com", "냉장고에서 웅웅 소리가 나요", source="widget",
                     name="김민지")
    followups.record(engine, "lee@example.com", "cancel button is hidden", source="article",
                     lang="en", article="order-cancel")
    followups.record(engine, "park@example.com", "환불 언제 들어와요", source="widget")
    key = next(g.key for g in gaps(engine, OCTOBER) if "냉장고" in g.question)
    task = tasks.create(engine, "냉장고 소음 개선", groups=[key], articles=["order-cancel"])
    assert followups.collect(engine, task) == 2  # the fridge noise and the article 👎
    assert followups.collect(engine, task) == 0  # once each
    proposers = tasks.get(engine, task.id).proposers
    assert sorted((p.email, p.lang, p.source) for p in proposers) == [
        ("kim@example.com", "ko", "widget"), ("lee@example.com", "en", "article")]


def test_a_bad_address_is_refused(engine):  # noqa: ANN001
    with pytest.raises(followups.FollowupError) as info:
        followups.record(engine, "not-an-address", "환불", source="widget")
    assert info.value.text("en") == "not an e-mail address: 'not-an-address'"


def test_addresses_are_forgotten_after_the_retention_limit(engine):  # noqa: ANN001
    old = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    followups.record(engine, "old@example.com", "배송 지연", source="widget", now=old)
    followups.record(engine, "new@example.com", "배송 지연", source="widget")
    assert followups.forget(engine) == 1
    with engine.connect() as conn:
        kept = [r.email for r in conn.execute(select(followups_table)
                                              .order_by(followups_table.c.id))]
    assert kept == [None, "new@example.com"]
