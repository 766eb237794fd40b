"""`kb suggest questions`: learned wordings per article, and `--write` as a reviewable git diff
(on a copy of the sample content in its own git repository, never this one)."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.content.tree import load_content
from kb.db import connect, database_url
from kb.insights.learned import FrontMatterError, add_questions
from kbsite.cli import main
from kbsite.kinds import KINDS
from tests.test_learned import replay, store

LISTING = [
    "refund-period  content/articles/returns/refund-period.md",
    "    5세션  최근 DATE  돈 언제 돌려받아요",
    "password-reset  content/articles/membership/password-reset.md",
    "    4세션  최근 DATE  비번 까먹었어요",
    "installer-visit-time  content/articles/install/installer-visit-time.md",
    "    4세션  최근 DATE  냉장고 설치 언제 와요",
    "cash-receipt-change  content/articles/receipts/cash-receipt-change.md",
    "    3세션  최근 DATE  현금영수증 번호 바꾸고 싶어요",
    "aircon-install-cost  content/articles/install/aircon-install-cost.md",
    "    3세션  최근 DATE  에어컨 달아주는 비용",
    "points-expiry  content/articles/coupons/points-expiry.md",
    "    3세션  최근 DATE  적립금 언제 사라져요",
    "문서 6개에 배운 표현 6개 (세션 3개 이상, 최근 180일)",
    "개인정보로 보이는 표현 3개는 뺐어요 (전화번호, 이메일 주소, 주문·송장 번호, 긴 숫자)",
]
ADDED = {  # file → the one line --write adds to its questions list
    "content/articles/returns/refund-period.md": "  - 돈 언제 돌려받아요",
    "content/articles/membership/password-reset.md": "  - 비번 까먹었어요",
    "content/articles/install/installer-visit-time.md": "  - 냉장고 설치 언제 와요",
    "content/articles/receipts/cash-receipt-change.md": "  - 현금영수증 번호 바꾸고 싶어요",
    "content/articles/install/aircon-install-cost.md": "  - 에어컨 달아주는 비용",
    "content/articles/coupons/points-expiry.md": "  - 적립금 언제 사라져요",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), "-c", "user.name=test",
                           "-c", "user.email=test@example.com", *args],
                          capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def replayed(sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample content copied into a fresh git repository, and a store with a replay of
    synthetic widget sessions in tmp_path/instance."""
    monkeypatch.delenv("KB_DATABASE_URL", raising=False)
    monkeypatch.delenv("KB_LANG", raising=False)
    engine = connect(database_url(tmp_path / "instance"))
    store(engine, replay(random.Random(17)))
    engine.dispose()
    return sample_copy


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["suggest", "questions", "--content", "content",
                                     "--instance", "instance", *args])


def lines(text: str) -> list[str]:
    return re.sub(r"\d{4}-\d{2}-\d{2}", "DATE", text).splitlines()


@pytest.mark.parametrize(("lang", "expected"), [
    ("ko", "아직 배운 표현이 없어요: 검색한 뒤 문서를 열거나 👍를 누른 세션이 없어요 "
           "(위젯에서 검색과 클릭이 쌓이면 보여요)\n"),
    ("en", "nothing learned yet: no session searched and then opened or up-voted an article "
           "(widget searches and clicks build this up)\n"),
])
def test_an_empty_database_has_nothing_yet(sample_copy, monkeypatch, lang, expected):  # noqa: ANN001
    monkeypatch.delenv("KB_DATABASE_URL", raising=False)
    result = run("--lang", lang)
    assert result.exit_code == 0, result.output
    assert result.output == expected


def test_learned_wordings_per_article(replayed):  # noqa: ANN001
    result = run()
    assert result.exit_code == 0, result.output
    assert lines(result.output) == LISTING
    below = run("--min-sessions", "6")
    assert lines(below.output) == [
        "세션 6개 이상에서 확인된 표현은 아직 없어요 (그보다 적은 표현 7개; "
        "--min-sessions로 기준을 낮출 수 있어요)", LISTING[-1]]


def test_write_is_a_clean_reviewable_diff(replayed, tmp_path):  # noqa: ANN001
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-qm", "sample")
    before = {p: p.read_bytes() for p in (tmp_path / "content").rglob("*") if p.is_file()}
    result = run("--write")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout)[-7:] == [f"{path}: 질문 1개 추가" for path in ADDED] + [
        "문서 6개를 고쳤어요. git diff content로 검토한 뒤 커밋하세요"]
    # One added line per article, nothing removed, nothing else touched.
    assert sorted(git(tmp_path, "diff", "--numstat").splitlines()) == sorted(
        f"1\t0\t{path}" for path in ADDED)
    for path, line in ADDED.items():
        diff = git(tmp_path, "diff", "-U0", "--", path).splitlines()
        assert [d for d in diff if d.startswith(("+", "-")) and d[:3] not in ("+++", "---")] == [
            "+" + line]
        new = (tmp_path / path).read_bytes()
        assert new.replace(line.encode() + b"\n", b"", 1) == before[tmp_path / path]
    after = load_content(tmp_path / "content", kinds=KINDS)
    assert after.errors == []
    assert after.article("refund-period").questions[-1] == "돈 언제 돌려받아요"
    # Written once: a second run finds every learned wording already there.
    git(tmp_path, "commit", "-qam", "learned questions")
    again = run("--write")
    assert again.exit_code == 0
    assert lines(again.output) == ["front matter에 더할 새 표현이 없어요",
                                   "이미 문서의 제목이나 questions와 같은 것을 묻는 표현 6개는 뺐어요",
                                   LISTING[-1]]
    assert git(tmp_path, "status", "--porcelain") .strip() == "?? instance/"


def test_a_dirty_tree_is_refused_unless_forced(replayed, tmp_path):  # noqa: ANN001
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-qm", "sample")
    draft = tmp_path / "content" / "articles" / "orders" / "refund-request.md"
    draft.write_text(draft.read_text("utf-8") + "\n편집 중\n", "utf-8")
    result = run("--write", "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: content has uncommitted changes (content/articles/orders/refund-request.md): "
        "commit or revert them first, so the diff shows only the learned questions; or use "
        "--force\n")
    assert git(tmp_path, "diff", "--name-only").split() == [
        "content/articles/orders/refund-request.md"]
    forced = run("--write", "--force")
    assert forced.exit_code == 0, forced.output
    assert len(git(tmp_path, "diff", "--name-only").split()) == 7


def test_outside_git_it_says_so_and_writes(replayed):  # noqa: ANN001
    result = run("--write")
    assert result.exit_code == 0, result.output
    assert result.stderr == ("content은(는) git 저장소가 아니에요: "
                             "바뀐 내용을 git diff로 검토할 수 없지만 그대로 씁니다\n")
    assert "  - 비번 까먹었어요\n" in Path(
        "content/articles/membership/password-reset.md").read_text("utf-8")


# --- add_questions: the questions list changes, every other byte stays ---

HEAD = "---\ntitle: 환불은 언제 되나요?\nsummary: 3–5영업일이에요.\n"


@pytest.mark.parametrize(("before", "after"), [
    (HEAD + "questions:\n  - 환불 언제\nupdated: 2026-10-21\n---\n본문\n",
     HEAD + "questions:\n  - 환불 언제\n  - 돈 언제 돌려받아요\nupdated: 2026-10-21\n---\n본문\n"),
    (HEAD + "questions:   # other ways to ask\n- 환불 언제\n\n# later\nupdated: 2026-10-21\n---\n",
     HEAD + "questions:   # other ways to ask\n- 환불 언제\n- 돈 언제 돌려받아요\n\n# later\n"
            "updated: 2026-10-21\n---\n"),
    (HEAD + "updated: 2026-10-21\n---\n",  # no key yet: after summary
     HEAD + "questions:\n  - 돈 언제 돌려받아요\nupdated: 2026-10-21\n---\n"),
    ("---\ntitle: 환불\n---\n본문\n", "---\ntitle: 환불\nquestions:\n  - 돈 언제 돌려받아요\n---\n본문\n"),
    (HEAD + "questions: [환불 언제, 카드 취소]\n---\n",
     HEAD + "questions: [환불 언제, 카드 취소, 돈 언제 돌려받아요]\n---\n"),
    (HEAD + "questions: []\n---\n", HEAD + "questions:\n  - 돈 언제 돌려받아요\n---\n"),
    ("\ufeff---\r\ntitle: 환불\r\nquestions:\r\n    - 환불 언제\r\n---\r\n본문\r\n",
     "\ufeff---\r\ntitle: 환불\r\nquestions:\r\n    - 환불 언제\r\n    - 돈 언제 돌려받아요\r\n"
     "---\r\n본문\r\n"),
])
def test_add_questions_changes_only_the_list(tmp_path, before, after):  # noqa: ANN001
    file = tmp_path / "a.md"
    file.write_bytes(before.encode("utf-8"))
    assert add_questions(file, ["돈 언제 돌려받아요"]) == ["돈 언제 돌려받아요"]
    assert file.read_bytes().decode("utf-8") == after


def test_add_questions_quotes_what_yaml_would_read_otherwise(tmp_path):  # noqa: ANN001
    file = tmp_path / "a.md"
    file.write_text("---\ntitle: 환불\nquestions:\n  - 환불\n---\n", "utf-8")
    assert add_questions(file, ["예: 환불", "yes", "#환불", "환불 언제"]) == [
        "예: 환불", "yes", "#환불", "환불 언제"]
    assert file.read_text("utf-8") == ('---\ntitle: 환불\nquestions:\n  - 환불\n  - "예: 환불"\n'
                                       '  - "yes"\n  - "#환불"\n  - 환불 언제\n---\n')


def test_the_defaults_are_the_library_s():  # spelled out in the CLI, which starts fast
    from kb.insights.learned import DAYS, MIN_SESSIONS

    params = {p.name: p.default for p in main.commands["suggest"].commands["questions"].params}
    assert (params["min_sessions"], params["days"]) == (MIN_SESSIONS, DAYS)


def test_add_questions_leaves_a_file_it_cannot_edit_alone(tmp_path):  # noqa: ANN001
    file = tmp_path / "a.md"
    for text in ("no front matter\n", "---\ntitle: 환불\nquestions: 환불 언제\n---\n",
                 "---\ntitle: [환불\n---\n", "---\ntitle: 환불\n",
                 "---\ntitle: 환불\nquestions: [환불 언제,\n  카드 취소]\n---\n"):
        file.write_text(text, "utf-8")
        with pytest.raises(FrontMatterError):
            add_questions(file, ["돈 언제 돌려받아요"])
        assert file.read_text("utf-8") == text
    file.write_text("---\ntitle: 환불\nquestions:\n  - 환불 언제\n---\n", "utf-8")
    assert add_questions(file, ["환불  언제"]) == []  # already there (spacing aside)
