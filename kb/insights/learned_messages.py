"""Learned questions' messages (`kb suggest questions`), in Korean and English."""

from __future__ import annotations

from kb.core.catalogue import register

# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "learned_nothing": ("아직 배운 표현이 없어요: 검색한 뒤 문서를 열거나 👍를 누른 세션이 없어요 "
                        "(위젯에서 검색과 클릭이 쌓이면 보여요)",
                        "nothing learned yet: no session searched and then opened or up-voted an "
                        "article (widget searches and clicks build this up)"),
    "learned_below": ("세션 {min}개 이상에서 확인된 표현은 아직 없어요 "
                      "(그보다 적은 표현 {below}개; --min-sessions로 기준을 낮출 수 있어요)",
                      "no wording seen in {min} or more sessions yet ({below} seen in fewer; "
                      "lower the bar with --min-sessions)"),
    "learned_article": ("{article}  {path}", "{article}  {path}"),
    "learned_row": ("  {sessions:>3}세션  최근 {last}  {wording}",
                    "  {sessions:>3} sessions  last {last}  {wording}"),
    "learned_total": ("문서 {articles}개에 배운 표현 {n}개 (세션 {min}개 이상, 최근 {days}일)",
                      "{n} learned wording(s) for {articles} article(s) ({min}+ sessions, "
                      "last {days} days)"),
    "learned_filtered": ("개인정보로 보이는 표현 {n}개는 뺐어요 "
                         "(전화번호, 이메일 주소, 주문·송장 번호, 긴 숫자)",
                         "{n} wording(s) left out as personal data (phone numbers, e-mail "
                         "addresses, order or tracking numbers, long digit runs)"),
    "learned_covered": ("이미 문서의 제목이나 questions와 같은 것을 묻는 표현 {n}개는 뺐어요",
                        "{n} wording(s) left out: they ask what the article's title or "
                        "questions already ask"),
    "learned_dirty": ("{path}에 커밋하지 않은 변경이 있어요 ({files}). 먼저 커밋하거나 되돌린 뒤 "
                      "다시 실행하세요. 그래도 쓰려면 --force",
                      "{path} has uncommitted changes ({files}): commit or revert them first, "
                      "so the diff shows only the learned questions; or use --force"),
    "learned_not_git": ("{path}은(는) git 저장소가 아니에요: "
                        "바뀐 내용을 git diff로 검토할 수 없지만 그대로 씁니다",
                        "{path} is not in a git repository: writing anyway (there is no diff "
                        "to review)"),
    "learned_wrote": ("{path}: 질문 {n}개 추가", "{path}: {n} question(s) added"),
    "learned_cannot_edit": ("{path}: questions 목록을 자동으로 고칠 수 없어요 ({reason}). "
                            "직접 추가하세요: {wordings}",
                            "{path}: cannot edit the questions list safely ({reason}); add "
                            "these by hand: {wordings}"),
    "learned_nothing_new": ("front matter에 더할 새 표현이 없어요", "no new wording to add"),
    "learned_review": ("문서 {n}개를 고쳤어요. git diff {path}로 검토한 뒤 커밋하세요",
                       "{n} article(s) changed: review with git diff {path}, then commit"),
}

register(MESSAGES, __name__)
