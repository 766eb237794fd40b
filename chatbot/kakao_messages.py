"""KakaoTalk's messages: the skill's replies, its errors, the limits check, the preview page and
the FAQ export, in Korean and English."""

from __future__ import annotations

from kb.core.catalogue import register

# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # buttons (each ≤ 14 characters: kakao_limits.yaml `label`)
    "kakao_handoff_label": ("상담원 연결", "Ask a person"),
    "kakao_home_label": ("처음으로", "Start over"),
    "kakao_back_label": ("뒤로", "Back"),
    "kakao_more_label": ("더보기", "More"),
    "kakao_open_article": ("자세히 보기", "Read more"),
    "kakao_all_results": ("검색 결과 보기", "All results"),
    # replies
    "kakao_pick": ("'{label}' 중에서 골라 주세요.", "Pick one under '{label}'."),
    "kakao_more": ("다른 선택지예요.", "More options."),
    "kakao_found_list": ("이 중에 찾으시는 내용이 있나요?", "Is one of these what you need?"),
    "kakao_unsure": ("질문을 제가 제대로 이해했는지 잘 모르겠어요. 비슷한 메뉴를 고르시거나 상담원에게 물어보세요.",
                     "I am not sure I understood. Pick the closest menu, or ask a person."),
    "kakao_none": ("'{query}'에 맞는 답을 찾지 못했어요. 메뉴에서 고르시거나 상담원에게 물어보세요.",
                   "I found no answer for '{query}'. Pick from the menu, or ask a person."),
    "kakao_operator": ("이 채팅방에서 상담원과 바로 이야기할 수 있어요.",
                       "You can talk to a person right here in this chat."),
    "kakao_operator_other": ("다른 방법으로도 문의할 수 있어요.", "You can also reach us here:"),
    "kakao_handoff": ("상담원이 도와드릴게요. 아래 방법으로 문의해 주세요.",
                      "A person will help you. You can reach us here:"),
    "kakao_no_channels": ("아직 상담 채널이 없어요. 도움말 센터를 이용해 주세요: {url}",
                          "There is no contact channel yet. Please use the help center: {url}"),
    "kakao_too_long": ("질문이 너무 길어요. {max}자 이내로 짧게 다시 보내 주세요.",
                       "That question is too long. Please send it again in {max} characters "
                       "or fewer."),
    "kakao_search_down": ("지금은 검색을 할 수 없어요. 메뉴에서 고르시거나 상담원에게 물어보세요.",
                          "Search is not available right now. Pick from the menu, or ask a "
                          "person."),
    "kakao_stale": ("그 선택지는 이제 없어요 (메뉴가 바뀌었을 수 있어요). 처음부터 골라 주세요.",
                    "That option no longer exists (the menu may have changed). Please start "
                    "over."),
    # API errors (the skill endpoint)
    "kakao_secret_wrong": ("카카오 스킬 비밀값({header} 헤더)이 없거나 맞지 않아요",
                           "the Kakao skill secret ({header} header) is missing or wrong"),
    "kakao_bad_request": ("카카오 스킬 요청의 {field}이(가) 없거나 형식이 달라요",
                          "the Kakao skill request's {field} is missing or of the wrong type"),
    # kb check --target kakao
    "kakao_count": ("카카오톡 기준 시나리오 {n}개", "{n} scenario{s} checked for KakaoTalk"),
    "kakao_label": ("[kakao:label] 선택지 '{label}'은(는) {length}자예요. 카카오톡 버튼은 {max}자까지라 "
                    "'{shown}'(으)로 잘려 보여요",
                    "[kakao:label] label '{label}' is {length} characters; KakaoTalk buttons "
                    "show {max}, so it reads '{shown}'"),
    "kakao_label_hint": ("버튼 문구를 {max}자 이내로 줄이고, 자세한 내용은 answer에 쓰세요",
                         "shorten the button text to {max} characters; put details in the "
                         "answer"),
    "kakao_options": ("[kakao:quick_replies] '{path}'에 선택지가 {count}개예요. 카카오톡 바로연결은 "
                      "{max}개까지라 (이동 버튼 {nav}개 포함) {shown}개만 보이고 나머지는 '더보기'로 넘어가요",
                      "[kakao:quick_replies] '{path_en}' has {count} options; KakaoTalk shows "
                      "{max} quick replies ({nav} of them for moving around), so {shown} show "
                      "and the rest move behind 'More'"),
    "kakao_options_hint": ("비슷한 선택지를 묶어 한 단계에 {fit}개 이하로 두세요",
                           "group similar options so a level has at most {fit}"),
    "kakao_answer": ("[kakao:simple_text] '{path}'의 답변이 카카오톡에서 {length}자예요. 말풍선은 "
                     "{max}자까지라 잘리고 링크가 붙어요",
                     "[kakao:simple_text] the answer of '{path}' is {length} characters in "
                     "KakaoTalk; a bubble holds {max}, so it is cut and a link added"),
    "kakao_answer_hint": ("답변은 짧게 쓰고, 긴 내용은 문서(article)로 안내하세요",
                          "keep the answer short and point to an article for the rest"),
    "kakao_summary": ("[kakao:card_description] 요약(summary)이 {length}자예요. 카카오톡 카드 설명은 "
                      "{max}자까지라 잘려 보여요",
                      "[kakao:card_description] the summary is {length} characters; a "
                      "KakaoTalk card description shows {max}, so it is cut"),
    "kakao_summary_hint": ("요약을 {max}자 이내로 줄이세요", "shorten the summary to {max} characters"),
    # the preview page (/channels/kakao/demo)
    "kakao_demo": ("카카오톡 미리보기", "KakaoTalk preview"),
    "kakao_demo_intro": ("질문을 입력하면 카카오톡 챗봇이 보낼 응답을 말풍선으로 보여 드려요. 이 화면에서 "
                         "물어본 것은 통계에 기록되지 않아요.",
                         "Type a question to see the reply the KakaoTalk bot would send, as "
                         "bubbles. Nothing asked here is recorded."),
    "kakao_demo_question": ("질문", "Question"),
    "kakao_demo_send": ("보내기", "Send"),
    "kakao_demo_json": ("응답 JSON", "Response JSON"),
    "kakao_demo_skill": ("오픈빌더에 등록할 스킬 URL", "Skill URL for 오픈빌더"),
    "kakao_demo_size": ("응답 {size}바이트 (한도 {max}바이트)", "response {size} bytes (limit {max})"),
    # kb export kakao-faq
    "kakao_faq_columns": ("순위,버튼 문구,질문,문서,URL,문의 수", "rank,label,question,article,url,asks"),
    "kakao_faq_line": ("{rank}. {label} → {url} (문의 {count}건)", "{rank}. {label} → {url} "
                       "({count} asks)"),
    "kakao_faq_none": ("이 기간에 문서가 있는 질문이 없어요 ({label})",
                       "no question with an article was asked in {label}"),
    "kakao_faq_wrote": ("{path}에 {n}개를 썼어요", "wrote {n} to {path}"),
}

register(MESSAGES, __name__)
