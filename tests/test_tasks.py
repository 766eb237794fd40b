"""Improvement tasks (개선과제): five states and their rules, live counts from the evidence,
rejected tasks that come back, the task lane, the CLI and the weekly review."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from kb.db import connect
from kb.insights import calendar, tasks
from kb.insights.events import record_many, validate_batch
from kb.insights.gaps import gaps
from kbsite.cli import main
from tests.conftest import SAMPLE

OCTOBER = calendar.until("month", dt.date(2026, 11, 1))
NOVEMBER = calendar.until("month", dt.date(2026, 12, 1))
NOISE = ["냉장고에서 소리나요", "냉장고 소음이 심해요", "냉장고 웅웅 소리"]


@pytest.fixture
def engine(tmp_path):  # noqa: ANN001, ANN201
    engine = connect(f"sqlite:///{tmp_path}/db.sqlite")
    yield engine
    engine.dispose()


def _asks(engine, texts: list[str], when: dt.datetime) -> None:  # noqa: ANN001
    for n, text in enumerate(texts):
        rows, error = validate_batch({"type": "search", "session": f"s{when:%j}-{n}",
                                      "query": text, "hits": [], "ts": when.isoformat()})
        assert error is None
        record_many(engine, rows)


def _noise_task(engine) -> tasks.Task:  # noqa: ANN001
    _asks(engine, NOISE * 2, OCTOBER.start_at + dt.timedelta(days=3))
    key = gaps(engine, OCTOBER)[0].key
    return tasks.create(engine, "냉장고 소음 원인 개선", groups=[key], owner="제품팀", by="cx",
                        now=OCTOBER.start_at + dt.timedelta(days=5))


MOVES = [(frm, to) for frm in tasks.STATES for to in tasks.STATES if frm != to]


@pytest.mark.parametrize(("frm", "to"), MOVES, ids=[f"{a}-{b}" for a, b in MOVES])
def test_every_move_is_allowed_or_refused_by_the_rules(engine, frm, to):  # noqa: ANN001
    made = tasks.create(engine, "과제")
    path = {"selected": [], "planned": ["planned"], "done": ["planned", "done"],
            "rejected": ["rejected"], "notified": ["rejected", "notified"]}[frm]
    for step in path:
        tasks.move(engine, made.id, step, reason="사유", revisit=dt.date(2026, 1, 1),
                   no_proposers=True)
    allowed = to in tasks.MOVES[frm]
    if allowed:
        moved = tasks.move(engine, made.id, to, reason="사유", revisit=dt.date(2026, 1, 1),
                           no_proposers=True)
        assert moved.status == to and moved.history[-1].from_status == frm
    else:
        with pytest.raises(tasks.TaskError) as info:
            tasks.move(engine, made.id, to, reason="사유", revisit=dt.date(2026, 1, 1),
                       no_proposers=True)
        assert "옮길 수 없어요" in info.value.text("ko")
        assert tasks.get(engine, made.id).status == frm  # nothing changed


@pytest.mark.parametrize(("name", "code"), [("과제선정", "selected"), ("반영예정", "planned"),
                                            ("Done", "done"), ("기각", "rejected"),
                                            ("notified", "notified")])
def test_korean_and_english_state_names(name, code):  # noqa: ANN001
    assert tasks.state(name) == code


def test_rejecting_needs_a_reason_and_a_revisit_date(engine):  # noqa: ANN001
    made = tasks.create(engine, "배송 박스 개선")
    for kwargs in ({}, {"reason": "비용"}, {"revisit": dt.date(2027, 1, 1)}):
        with pytest.raises(tasks.TaskError) as info:
            tasks.move(engine, made.id, "기각", **kwargs)
        assert info.value.text("en").startswith("rejecting needs a reason")
    moved = tasks.move(engine, made.id, "기각", reason="비용", revisit=dt.date(2025, 1, 1))
    assert moved.revisit == dt.date(2025, 1, 1)  # a past date is fine (backfilling)


def test_notified_needs_every_proposer_told_or_no_proposers_said(engine):  # noqa: ANN001
    made = tasks.create(engine, "취소 버튼 위치 개선")
    tasks.move(engine, made.id, "반영예정")
    tasks.move(engine, made.id, "반영완료")
    with pytest.raises(tasks.TaskError, match="no proposers"):
        tasks.move(engine, made.id, "피드백완료")
    proposer = tasks.add_proposer(engine, made.id, "kim@example.com", name="김")
    with pytest.raises(tasks.TaskError, match="not notified yet"):
        tasks.move(engine, made.id, "피드백완료")
    tasks.mark_notified(engine, proposer.id)
    done = tasks.move(engine, made.id, "피드백완료")
    assert done.status == "notified" and done.proposers[0].email is None  # address gone
    other = tasks.create(engine, "내부 제안")
    tasks.move(engine, other.id, "기각", reason="중복", revisit=dt.date(2027, 1, 1))
    told = tasks.move(engine, other.id, "피드백완료", no_proposers=True)
    assert told.history[-1].note == "no proposers"


def test_live_count_follows_new_wordings_of_its_question(engine):  # noqa: ANN001
    made = _noise_task(engine)
    assert made.history[0].count == 6  # asks in the 30 days before it was made
    first = tasks.live(engine, [made], OCTOBER)[made.id]
    assert (first.count, first.previous) == (6, 0)
    # New wordings of the same question later in the month count too.
    _asks(engine, ["냉장고가 윙윙 소리 내요", "냉장고 소음 너무 커요"],
          OCTOBER.start_at + dt.timedelta(days=20))
    later = tasks.live(engine, [made], OCTOBER)[made.id]
    assert later.count == 8 and later.since_change == 2


def test_tags_and_articles_are_evidence_too(engine):  # noqa: ANN001
    when = OCTOBER.start_at + dt.timedelta(days=2)
    rows, _ = validate_batch([{"type": "vote", "session": "v1", "article": "installation",
                               "helpful": False, "ts": when.isoformat()},
                              {"type": "vote", "session": "v2", "article": "installation",
                               "helpful": True, "ts": when.isoformat()}])
    record_many(engine, rows)
    made = tasks.create(engine, "설치 안내 개선", articles=["installation"], tags=["배송"])
    assert tasks.live(engine, [made], OCTOBER)[made.id].count == 1  # the 👎 only


def test_a_rejected_task_comes_back_on_its_date_or_when_demand_returns(engine):  # noqa: ANN001
    made = _noise_task(engine)
    rejected = tasks.move(engine, made.id, "기각", reason="다음 분기 검토",
                          revisit=dt.date(2026, 12, 15),
                          now=OCTOBER.start_at + dt.timedelta(days=6))
    numbers = tasks.live(engine, [rejected], OCTOBER, now=OCTOBER.end_at)[made.id]
    assert rejected.history[-1].count == 6 and numbers.since_change == 0
    assert not tasks.due(rejected, numbers, OCTOBER.last_day)
    assert tasks.due(rejected, numbers, dt.date(2026, 12, 31))  # its revisit date
    _asks(engine, NOISE * 2, OCTOBER.start_at + dt.timedelta(days=10))  # as many again
    numbers = tasks.live(engine, [rejected], OCTOBER, now=OCTOBER.end_at)[made.id]
    assert numbers.since_change == 6 and tasks.due(rejected, numbers, OCTOBER.last_day)


def test_linked_groups_sit_in_the_task_lane_while_the_task_is_open(engine):  # noqa: ANN001
    made = _noise_task(engine)
    lanes = {g.key: g.lane for g in gaps(engine, OCTOBER, tasks=tasks.linked_groups(engine))}
    key = next(iter(made.evidence.groups))
    assert lanes[key] == "task"
    tasks.move(engine, made.id, "기각", reason="보류", revisit=dt.date(2027, 1, 1))
    lanes = {g.key: g.lane for g in gaps(engine, OCTOBER, tasks=tasks.linked_groups(engine))}
    assert lanes[key] == "write"


def test_unknown_group_task_or_state_changes_nothing(engine):  # noqa: ANN001
    with pytest.raises(tasks.TaskError, match="no group 'nope-1'"):
        tasks.create(engine, "없는 그룹", groups=["nope-1"])
    assert tasks.load(engine) == []
    with pytest.raises(tasks.TaskError, match="no task 42"):
        tasks.move(engine, 42, "반영예정")
    made = tasks.create(engine, "과제")
    with pytest.raises(tasks.TaskError, match="unknown state 'finished'"):
        tasks.move(engine, made.id, "finished")
    assert [m.to_status for m in tasks.get(engine, made.id).history] == ["selected"]


def test_cli_from_a_sheet_to_a_task_and_the_review(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("KB_INSTANCE", str(tmp_path / "inst"))
    runner = CliRunner()
    sheet = SAMPLE.parent / "examples" / "inquiries-2026-10.csv"
    assert runner.invoke(main, ["import", "inquiries", str(sheet)]).exit_code == 0
    period = ["--period", "month", "--until", "2026-11-01", "--content", str(SAMPLE)]
    key = json.loads(runner.invoke(main, ["gaps", *period, "--json"]).output)["gaps"][0]["key"]
    made = runner.invoke(main, ["task", "new", "냉장고 소음 원인 개선", "--from-gap", key,
                                "--owner", "제품팀", "--json"])
    assert made.exit_code == 0, made.output
    task = json.loads(made.output)
    assert task["status"] == "selected" and task["groups"] == [key]
    listed = json.loads(runner.invoke(main, ["task", "list", *period, "--json"]).output)
    assert [(t["id"], t["count"], t["previous"]) for t in listed] == [(task["id"], 14, 0)]
    lane = json.loads(runner.invoke(main, ["gaps", *period, "--json"]).output)["gaps"][0]
    assert lane["key"] == key and lane["lane"] == "task"
    bad = runner.invoke(main, ["task", "move", str(task["id"]), "기각"])
    assert bad.exit_code == 1 and "사유(--reason)" in bad.output
    ok = runner.invoke(main, ["task", "move", str(task["id"]), "기각", "--reason", "비용",
                              "--revisit", "2026-10-20", "--lang", "en"])
    assert ok.exit_code == 0 and "rejected" in ok.output
    shown = json.loads(runner.invoke(main, ["task", "show", str(task["id"]), "--json"]).output)
    assert [h["to"] for h in shown["history"]] == ["selected", "rejected"]
    review = runner.invoke(main, ["review", *period, "--format", "json"])
    agenda = json.loads(review.output)
    assert agenda["period"]["label"] == "2026-10"
    assert [t["id"] for t in agenda["due"]] == [task["id"]]  # revisit 10-20 ≤ 10-31
    assert agenda["groups"]["write"] and all(g["lane"] == "write"
                                             for g in agenda["groups"]["write"])
    md = runner.invoke(main, ["review", *period])
    assert md.output.startswith("# 가전마켓 고객센터 주간 리뷰 — 2026-10 (2026-10-01 ~ 2026-10-31)")
    assert "## 다시 볼 기각 과제" in md.output
