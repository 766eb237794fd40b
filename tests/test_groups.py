"""Question groups a CX lead can trust: look-alikes apart, the same answer every time, keys
that never change, corrections that hold, every ask counted once, lanes."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from kb.db import connect, events
from kb.insights import calendar
from kb.insights.events import record_many, validate_batch
from kb.insights.gaps import gaps
from kb.insights.grouping import Wording, group_wordings
from kb.insights.groups import GroupError, merge, split
from kb.insights.sheets import import_sheet
from kbsite.cli import main
from tests.conftest import ROOT, SAMPLE

OCTOBER = calendar.until("month", dt.date(2026, 11, 1))
REFUND_WHEN = ["환불 언제 들어와요", "환불금 언제 입금돼요", "환불 언제 되나요"]
REFUND_HOW = ["환불 어떻게 신청해요", "환불 신청 방법", "환불 요청하고 싶어요", "환불신청 어디서 해요"]
NOISE = ["냉장고에서 소리나요", "냉장고 소음이 심해요", "냉장고 웅웅 소리", "냉장고가 윙윙 소리 내요"]
ASKS = [*REFUND_WHEN, *REFUND_HOW, *NOISE, "비밀번호 변경하고 싶어요", "비번 바꾸는 법"]


@pytest.fixture
def engine(tmp_path):  # noqa: ANN001, ANN201
    engine = connect(f"sqlite:///{tmp_path}/db.sqlite")
    yield engine
    engine.dispose()


def _search(text: str, n: int, day: int = 10) -> list[dict]:
    when = OCTOBER.start_at + dt.timedelta(days=day, minutes=n)
    rows, error = validate_batch({"type": "search", "session": f"s-{text}-{n}", "query": text,
                                  "hits": [], "ts": when.isoformat()})
    assert error is None
    return rows


def _record(engine, texts: list[str], day: int = 10) -> None:  # noqa: ANN001
    for n, text in enumerate(texts):
        record_many(engine, _search(text, n, day))


def _groups(pairs: dict[str, str]) -> list[set[str]]:
    found: dict[str, set[str]] = {}
    for text, key in pairs.items():
        found.setdefault(key, set()).add(text)
    return sorted(found.values(), key=lambda g: sorted(g))


def test_look_alikes_stay_apart_and_wordings_come_together():
    found = _groups(group_wordings([Wording(t) for t in ASKS]))
    assert set(REFUND_WHEN) in found  # 언제 들어와요 / 언제 입금돼요: one question
    assert set(REFUND_HOW) in found  # 어떻게 신청 / 신청 방법 / 요청 / 어디서 신청: another
    assert set(NOISE) in found  # 소리 = 소음 = 웅웅 = 윙윙 (the CX lexicon)
    assert {"비밀번호 변경하고 싶어요", "비번 바꾸는 법"} in found


def test_different_구분_never_join():
    wordings = [Wording("쿠폰 적용이 안 돼요", 3, "쿠폰"), Wording("쿠폰 적용 문의", 2, "결제")]
    assert len(set(group_wordings(wordings).values())) == 2
    untagged = [Wording(w.text, w.count) for w in wordings]
    assert len(set(group_wordings(untagged).values())) == 1  # the words alone would join


def test_same_groups_on_shuffled_input():
    wordings = [Wording(t, 1 + i % 3) for i, t in enumerate(ASKS)]
    expected = group_wordings(wordings)
    for seed in range(5):
        shuffled = wordings[:]
        random.Random(seed).shuffle(shuffled)
        assert group_wordings(shuffled) == expected


HASHSEED_RUN = """
import json
from kb.insights.grouping import Wording, group_wordings
texts = {texts!r}
print(json.dumps(group_wordings([Wording(t, 1 + i % 3) for i, t in enumerate(texts)]),
                 ensure_ascii=False, sort_keys=True))
"""


def test_same_groups_under_two_hash_seeds():
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", HASHSEED_RUN.format(texts=ASKS)],
                                cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] and json.loads(outputs[0])


def test_every_ask_in_exactly_one_group_with_stable_keys(engine):  # noqa: ANN001
    _record(engine, ASKS * 2)
    first = gaps(engine, OCTOBER)
    assert sum(g.count for g in first) == len(ASKS) * 2
    assert sorted(t for g in first for t in g.phrasings) == sorted(ASKS)
    keys = {text: g.key for g in first for text in g.phrasings}
    assert all(k.isascii() and " " not in k for k in keys.values())
    # New wordings arrive: old asks keep their keys, a new wording joins its question.
    _record(engine, ["환불 언제 들어오나요", "환불이 언제 입금되나요"], day=20)
    later = {text: g.key for g in gaps(engine, OCTOBER) for text in g.phrasings}
    assert {t: later[t] for t in keys} == keys
    assert later["환불 언제 들어오나요"] == keys["환불 언제 들어와요"]


def test_merge_and_split_hold_for_later_asks(engine):  # noqa: ANN001
    _record(engine, ASKS)
    keys = {text: g.key for g in gaps(engine, OCTOBER) for text in g.phrasings}
    when, how = keys["환불 언제 들어와요"], keys["환불 어떻게 신청해요"]
    assert merge(engine, [when, how]) == when
    _record(engine, ["환불 신청하는 법"], day=25)  # a new wording of the merged-in group
    after = {text: g.key for g in gaps(engine, OCTOBER) for text in g.phrasings}
    assert after["환불 어떻게 신청해요"] == when and after["환불 신청하는 법"] == when
    new = split(engine, when, "환불 신청 방법")
    _record(engine, ["환불 신청 방법"], day=26)  # asked again, the same way
    final = {g.key: g for g in gaps(engine, OCTOBER)}
    assert final[new].phrasings == {"환불 신청 방법": 2}
    assert "환불 신청 방법" not in final[when].phrasings


@pytest.mark.parametrize(("call", "code"), [
    (lambda e: merge(e, ["nope-1234", "nope-5678"]), "group_unknown"),
    (lambda e: merge(e, ["only-one"]), "group_merge_needs_two"),
    (lambda e: split(e, "nope-1234", "환불 언제 들어와요"), "group_unknown"),
])
def test_a_bad_correction_changes_nothing(engine, call, code):  # noqa: ANN001
    _record(engine, ASKS)
    before = [(g.key, g.count) for g in gaps(engine, OCTOBER)]
    with pytest.raises(GroupError) as info:
        call(engine)
    assert info.value.message.ko and info.value.message.en
    assert [(g.key, g.count) for g in gaps(engine, OCTOBER)] == before


def test_split_of_a_wording_that_is_not_there(engine):  # noqa: ANN001
    _record(engine, ASKS)
    key = next(g.key for g in gaps(engine, OCTOBER) if "냉장고 웅웅 소리" in g.phrasings)
    with pytest.raises(GroupError) as info:
        split(engine, key, "환불 언제 들어와요")
    assert info.value.text("en") == (f"group '{key}' has no wording '환불 언제 들어와요'; "
                                     "write it exactly as asked")


def test_lanes_write_improve_task(engine):  # noqa: ANN001
    _record(engine, ASKS)

    def matcher(text: str) -> str | None:
        return "refund-request" if "환불" in text and "언제" not in text else None

    keys = {text: g.key for g in gaps(engine, OCTOBER) for text in g.phrasings}
    task = keys["냉장고 웅웅 소리"]
    lanes = {g.key: g.lane for g in gaps(engine, OCTOBER, matcher=matcher, tasks={task})}
    assert lanes[keys["환불 어떻게 신청해요"]] == "improve"
    assert lanes[keys["환불 언제 들어와요"]] == "write"
    assert lanes[task] == "task"
    only = gaps(engine, OCTOBER, matcher=matcher, lane="improve")
    assert [g.article for g in only] == ["refund-request"]


def test_october_is_october_in_seoul(engine):  # noqa: ANN001
    # 2026-09-30 16:00 UTC is already October 1st in Seoul; 2026-10-31 15:30 UTC is November.
    for n, when in enumerate([dt.datetime(2026, 9, 30, 16, 0, tzinfo=dt.UTC),
                              dt.datetime(2026, 10, 31, 15, 30, tzinfo=dt.UTC)]):
        rows, _ = validate_batch({"type": "search", "session": f"t{n}", "query": "환불 신청",
                                  "hits": [], "ts": when.isoformat()})
        record_many(engine, rows)
    assert sum(g.count for g in gaps(engine, OCTOBER)) == 1
    november = calendar.until("month", dt.date(2026, 12, 1))
    assert [(g.count, g.previous) for g in gaps(engine, november)] == [(1, 1)]


def test_events_without_ts_in_a_mixed_batch_get_the_servers_time(engine):  # noqa: ANN001
    rows, error = validate_batch([
        {"type": "search", "session": "m", "query": "환불", "hits": [],
         "ts": "2026-10-05T10:00:00+09:00"},
        {"type": "search", "session": "m", "query": "배송 조회", "hits": []},
    ])
    assert error is None
    record_many(engine, rows)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)
                            .where(events.c.ts.is_(None))).scalar_one() == 0


def test_repeated_sheet_rows_all_count_and_reimport_adds_nothing(engine, tmp_path):  # noqa: ANN001
    sheet = tmp_path / "sheet.csv"
    rows = "2026-10-02,전화,환불,환불 언제 되나요\n" * 2
    sheet.write_text("일자,채널,구분,내용\n" + rows, "utf-8")
    assert import_sheet(engine, sheet).imported == 2  # two customers, same day, same words
    assert import_sheet(engine, sheet).imported == 0
    longer = rows + "2026-10-02,전화,환불,환불 언제 되나요\n2026-10-03,전화,환불,환불 신청\n"
    sheet.write_text("일자,채널,구분,내용\n" + longer, "utf-8")
    again = import_sheet(engine, sheet)
    assert (again.imported, again.duplicates) == (2, 2)


def test_cli_gaps_json_groups_and_corrections(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("KB_INSTANCE", str(tmp_path / "inst"))
    sheet = tmp_path / "sheet.csv"
    lines = [f"2026-10-{d:02d},전화,환불,{q}" for d, q in
             enumerate([*REFUND_WHEN, *REFUND_HOW, *REFUND_WHEN], start=1)]
    sheet.write_text("일자,채널,구분,내용\n" + "\n".join(lines) + "\n", "utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["import", "inquiries", str(sheet),
                                "--content", str(SAMPLE)]).exit_code == 0
    args = ["gaps", "--period", "month", "--until", "2026-11-01", "--content", str(SAMPLE)]
    out = json.loads(runner.invoke(main, [*args, "--json"]).output)
    assert out["period"]["label"] == "2026-10" and out["period"]["start"] == "2026-10-01"
    assert sum(g["count"] for g in out["gaps"]) == len(lines)
    first = out["gaps"][0]
    assert set(first) >= {"key", "question", "count", "previous", "lane", "article",
                          "phrasings", "sources", "examples"}
    assert first["phrasings"][:2] == [{"text": "환불 언제 되나요", "count": 2},  # ties: by text
                                      {"text": "환불 언제 들어와요", "count": 2}]
    keys = [g["key"] for g in out["gaps"]]
    merged = runner.invoke(main, ["groups", "merge", *keys[:2], "--lang", "en"])
    assert merged.exit_code == 0 and f"into {keys[0]}" in merged.output
    after = json.loads(runner.invoke(main, [*args, "--json"]).output)
    assert after["gaps"][0]["key"] == keys[0] and after["gaps"][0]["count"] == len(lines)
    bad = runner.invoke(main, ["groups", "merge", "nope-1", keys[0]])
    assert bad.exit_code == 1 and "그룹 'nope-1'이(가) 없어요" in bad.output
    text = runner.invoke(main, [*args, "--lang", "en"]).output
    assert text.startswith("period 2026-10: 2026-10-01 ~ 2026-10-31")
    draft = runner.invoke(main, ["new-article", "--from-gap", keys[0], "--period", "month",
                                 "--until", "2026-11-01", "--content", str(tmp_path / "c")])
    assert draft.exit_code == 0, draft.output
    written = next((tmp_path / "c" / "articles" / "drafts").glob("*.md")).read_text("utf-8")
    assert f"question group {keys[0]}" in written and '"환불 언제 들어와요"' in written
