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
    "cli_importing": ("가져오는 중", "importing"),
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
    "cli_webhook_failed": ("KB_TASK_WEBHOOK으로 알리지 못했어요 (이동은 저장됐어요)",
                           "could not post to KB_TASK_WEBHOOK (the move is saved)"),
    "cli_addresses_forgotten": ("{days}일 넘게 보관한 알림용 이메일 주소 {n}개를 지웠어요",
                                "{n} notification address(es) kept over {days} days deleted"),
    "cli_contacts_forgotten": ("{days}일 넘게 보관한 위젯 문의 {n}건을 지웠어요",
                               "{n} contact message(s) kept over {days} days deleted"),
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
    # kb task proposer, kb task notify
    "cli_proposer_added": ("{id}번 과제에 제안자 {pid}번을 추가했어요 (알림 언어: {lang_of})",
                           "proposer {pid} added to task {id} (notified in: {lang_of})"),
    "cli_notify_dry_run": ("{n}명에게 보낼 거예요 (이미 알림 {already}명). --dry-run이라 보내지 않았어요",
                           "would e-mail {n} proposer(s) ({already} already notified); nothing sent (--dry-run)"),
    "cli_notify_failed": ("보내지 못함: {address} — {reason}", "not sent: {address} — {reason}"),
    "cli_notify_summary": ("보냄 {sent}명, 실패 {failed}명, 이미 알림 {already}명",
                           "{sent} sent, {failed} failed, {already} already notified"),
    "cli_notify_unreachable": ("{n}명은 보관 기간이 지나 주소가 지워져서 알릴 수 없어요",
                               "{n} proposer(s) cannot be told: their address was deleted at the retention limit"),
    "cli_notify_retry": ("{n}명에게 보내지 못했어요. 메일 서버를 확인하고 kb task notify {id}를 다시 실행하면 그들에게만 보내요",
                         "{n} proposer(s) not reached; check the mail server and run kb task notify {id} again to send to them only"),
}

register(MESSAGES, __name__)
