"""The chat widget's words (site/static/widget): served into app.js and the loader, so the
widget speaks from the same catalogue as everything else (`kbsite.widget.strings`)."""

from __future__ import annotations

from kb.core.catalogue import register

# Code "widget_<key>" is STRINGS[lang][<key>] in app.js.
MESSAGES: dict[str, tuple[str, str]] = {
    "widget_launcher": ("도움말", "Help"),
    "widget_close": ("닫기", "Close"),
    "widget_back": ("뒤로", "Back"),
    "widget_home": ("처음으로", "Start over"),
    "widget_person": ("상담원 연결", "Talk to a person"),
    "widget_ask": ("궁금한 점을 입력하세요", "Type your question"),
    "widget_send": ("보내기", "Send"),
    "widget_pick": ("아래에서 골라 주세요.", "Pick one below."),
    "widget_resolved": ("해결되었나요?", "Did this solve it?"),
    "widget_yes": ("네, 해결됐어요", "Yes, solved"),
    "widget_no": ("아니요", "No"),
    "widget_thanks": ("도움이 되어 다행이에요. 더 궁금한 점이 있으면 언제든 물어봐 주세요.", "Glad it helped. Ask any time."),
    "widget_found": ("이 문서들을 확인해 보세요.", "These articles may help."),
    "widget_none": ("맞는 문서를 찾지 못했어요. 상담원과 이야기해 보시겠어요?", "No matching article. Would you like to talk to a person?"),
    "widget_offline": ("지금은 도움말 서버에 연결할 수 없어요. 아래 상담 채널로 문의해 주세요.", "The help server can't be reached right now. Please use a channel below."),
    "widget_handoff": ("상담원과 연결해 드릴게요. 편한 방법을 골라 주세요.", "We'll connect you with a person. Choose a channel."),
    "widget_form": ("문의 남기기", "Leave a message"),
    "widget_suggested": ("이 페이지에서 많이 찾는 도움말이에요.", "Popular help for this page."),
    "widget_full": ("전체 페이지에서 보기", "Open the full page"),
    "widget_helpful": ("도움이 되었나요?", "Was this helpful?"),
    "widget_voted": ("의견 고마워요!", "Thanks for your feedback!"),
    "widget_name": ("이름", "Name"),
    "widget_contact": ("이메일 또는 전화번호", "Email or phone"),
    "widget_question": ("문의 내용", "Your question"),
    "widget_consent_detail": ("수집 항목: 이름, 연락처, 문의 내용 · 목적: 문의에 답변 · 보관: 1년 뒤 파기 · 동의하지 않을 수 있어요. 그러면 이 양식은 쓸 수 없지만 위의 다른 상담 채널은 그대로 이용할 수 있어요.",
                              "We collect your name, contact details and question to answer you, and delete them after one year. You may refuse; you then cannot use this form, but the other channels above stay open to you."),
    "widget_consent": ("답변을 위해 이름과 연락처를 수집·이용하는 데 동의해요.", "I agree to the use of my name and contact details to answer me."),
    "widget_notify": ("개선되면 알려주세요 (이메일로 한 번 알려 드리고, 알린 뒤 또는 늦어도 1년 뒤에 주소를 지워요)", "Tell me when this is improved (one e-mail; the address is deleted after it, or after a year at the latest)"),
    "widget_submit": ("보내기", "Send"),
    "widget_sent": ("문의를 받았어요. 영업시간 안에 연락드릴게요.", "We got your message and will reply during opening hours."),
    "widget_error": ("잠시 후 다시 시도해 주세요.", "Please try again shortly."),
    "widget_dialog": ("고객센터 채팅", "Help chat"),
    "widget_unsure": ("확실한 답을 찾지 못했어요. 아래 메뉴에서 찾아보시거나 상담원과 이야기해 보세요.", "I'm not sure I have the answer. Try the closest topic below or talk to a person."),
    "widget_closest": ("가까운 메뉴: ", "Closest topic: "),
}

register(MESSAGES, __name__)
