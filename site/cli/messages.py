"""The `kb` command's own lines, in Korean and English (`--lang` / KB_LANG picks one).

Domain messages (sheets, accounts, the index, content problems) stay with their rooms; these
are the command's summaries and prompts.
"""

from __future__ import annotations

from kb.core.catalogue import register

# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "cli_error": ("오류: {message}", "Error: {message}"),
    "cli_content_missing": ("콘텐츠 폴더가 없어요: {path}", "content folder not found: {path}"),
    # kb index, kb search
    "cli_indexing": ("색인 중", "indexing"),
    "cli_indexed_full": ("문서 {n}개를 색인했어요 (전체 빌드) → {root}",
                         "{n} articles indexed (full build) → {root}"),
    "cli_indexed_update": ("추가 {added}개, 수정 {updated}개, 삭제 {removed}개 → {root}",
                           "{added} added, {updated} updated, {removed} removed → {root}"),
    "cli_no_results": ("검색 결과가 없어요", "no results"),
    # kb build
    "cli_build_failed": ("정적 사이트를 내보낼 수 없어요: {reason}", "cannot export the site: {reason}"),
    "cli_built": ("페이지 {pages}개, 리디렉션 {redirects}개, 파일 {assets}개 → {out}",
                  "{pages} pages, {redirects} redirects, {assets} assets → {out}"),
    "cli_broken_link": ("깨진 링크: {link}", "broken link: {link}"),
    # kb serve
    "cli_serving": ("Answerloop: http://{host}:{port}/ (콘텐츠: {content})",
                    "Answerloop: http://{host}:{port}/ (content: {content})"),
    # kb gaps, kb stats, kb new-article, kb prune
    "cli_period": ("기간 {label}: {dates}", "period {label}: {dates}"),
    "cli_gap": ("{rank:>2}. [{lane}] {question}  ×{count} ({trend:+d})  해결률 {coverage:.0%}  [{sources}]  {key}",
                "{rank:>2}. [{lane}] {question}  ×{count} ({trend:+d})  coverage {coverage:.0%}  [{sources}]  {key}"),
    "cli_gap_not_asked": ("그룹 '{key}'은(는) 이 기간에 문의가 없어요 (kb gaps로 key를 확인하세요)",
                          "group '{key}' was not asked in this period (see kb gaps for keys)"),
    "cli_merged": ("그룹 {n}개를 {key}(으)로 합쳤어요", "merged {n} group(s) into {key}"),
    "cli_split": ("'{wording}'을(를) 새 그룹 {key}(으)로 옮겼어요", "moved '{wording}' to new group {key}"),
    "cli_gap_best": ("  → {article}", "  → {article}"),
    "cli_no_gaps": ("이 기간에는 질문이 없어요", "no questions were asked in this period"),
    "cli_stats_count": ("  {kind:<14} {now:>7} (이전 {before})", "  {kind:<14} {now:>7} (before {before})"),
    "cli_stats_self_service": ("  셀프 서비스   {rate:.0%}", "  self-service   {rate:.0%}"),
    "cli_wrote": ("초안을 썼어요: {path}", "wrote {path}"),
    "cli_pruned": ("{days}일보다 오래된 이벤트 {n}개를 지웠어요", "{n} events older than {days} days deleted"),
    # kb task
    "cli_task_moved": ("{id}번 과제: {status} (최근 30일 문의 {count}건)",
                       "task {id}: {status} ({count} asks in the last 30 days)"),
    "cli_no_tasks": ("개선과제가 없어요", "no tasks"),
    "cli_task_row": ("{id:>3}. [{status}] {title}  이번 {count} / 이전 {previous} / 최근 변경 후 {since}  담당 {owner}",
                     "{id:>3}. [{status}] {title}  now {count} / before {previous} / since last move {since}  owner {owner}"),
    "cli_task_head": ("{id}번 [{status}] {title} (담당 {owner})", "task {id} [{status}] {title} (owner {owner})"),
    "cli_task_evidence": ("  근거: 질문 그룹 {groups} · 태그 {tags} · 문서 {articles}",
                          "  evidence: groups {groups} · tags {tags} · articles {articles}"),
    "cli_task_history": ("  {at} {by}: {frm} → {to} (문의 {count}건){why}",
                         "  {at} {by}: {frm} → {to} ({count} asks){why}"),
    # kb user add
    "cli_password": ("비밀번호", "Password"),
    "cli_password_again": ("비밀번호 확인", "Repeat for confirmation"),
    "cli_user_saved": ("{name} ({role}) 저장했어요", "{name} ({role}) saved"),
}

register(MESSAGES, __name__)
