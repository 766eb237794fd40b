"""Text analysis for search: Kiwi morphemes, bigrams, rule-cut body words, 초성, jamo."""

from __future__ import annotations

import pytest

from kb.text import analysis, jamo


@pytest.mark.parametrize(("text", "terms"), [
    ("환불하려면 어떻게 해야 하나요?", ["환불"]),
    ("배송조회어떻게해요", ["배송", "조회"]),
    ("폰 액정이 깨졌어요", ["폰", "액정", "깨지"]),
    ("How do I get refunds?", ["how", "do", "get", "refund"]),
    ("?!...", []),
    ("", []),
])
def test_morphemes(text, terms):  # noqa: ANN001
    assert [t.text for t in analysis.morphemes(text)] == terms


@pytest.mark.parametrize(("text", "telling"), [
    ("결제가 두 번 됐어요", ["두"]),  # 번: a counter, says nothing alone
    ("다른 메뉴가 왔어요", ["다른"]),
    ("남의 음식이 온 것 같아요", ["남"]),
    ("집으로 바꿔주세요 새 주소예요", ["집", "새"]),
    ("이 상품 어떤 색이 있어요?", ["색"]),  # 이, 어떤: point or ask, tell nothing
    ("주문 후 결제 전에 취소하는 법", []),  # 후, 전, 법: time and manner
    ("환불하려면 어떻게 해야 하나요?", []),
    ("How do I get refunds?", []),
])
def test_telling_words(text, telling):  # noqa: ANN001
    found, words = analysis.morphemes_and_determiners(text)
    assert words == telling
    assert found == analysis.morphemes(text)  # the same Kiwi pass, the same search terms


def test_bigrams_stay_within_words():
    assert [t.text for t in analysis.bigrams("배송 조회")] == ["배송", "조회"]
    assert [t.text for t in analysis.bigrams("배송조회")] == ["배송", "송조", "조회"]
    assert [t.text for t in analysis.bigrams("폰")] == ["폰"]


def test_syllables_add_single_syllables_of_longer_words():
    assert [t.text for t in analysis.syllables("폰 환불")] == ["폰", "환불", "환_", "불_"]


@pytest.mark.parametrize("text", ["환불은 마이페이지에서 신청하려면 버튼을 눌러 주세요.",
                                  "배송조회는 주문내역에서 할 수 있어요", "How do I get refunds?"])
def test_word_morphemes_find_what_morphemes_find(text):  # noqa: ANN001
    whole = {t.text for t in analysis.morphemes(text)}
    by_word = analysis.word_morphemes(text)
    assert whole <= {t.text for t in by_word} | {"어떻"}
    assert all(text[t.start:t.end] for t in by_word)  # offsets point into the text


@pytest.mark.parametrize(("text", "terms"), [
    ("환불은 마이페이지에서 신청하려면", ["환불", "마이페이지", "신청"]),
    ("배송되나요", ["배송"]),
    ("설치 기사님이 방문해요", ["설치", "기사님", "방문"]),
    ("아이가", ["아이"]),  # a stem keeps at least two syllables
])
def test_light_terms(text, terms):  # noqa: ANN001
    assert [t.text for t in analysis.light_terms(text)] == terms


@pytest.mark.parametrize("word", ["블랙프라이데이", "회사", "기사님"])
def test_light_terms_same_stem_with_or_without_particle(word):  # noqa: ANN001
    bare = analysis.light_terms(word)[0].text
    for particle in ("를", "가", "에서는", "이에요"):
        assert analysis.light_terms(word + particle)[0].text == bare, particle


def test_chosung_and_jamo():
    assert jamo.chosung("환불 신청") == "ㅎㅂ ㅅㅊ"
    assert jamo.is_chosung_query("ㅎㅂ ㅅㅊ") and not jamo.is_chosung_query("환불")
    assert jamo.jamo("환불") == "ㅎㅘㄴㅂㅜㄹ"
    assert jamo.jamo_deletes("환불") & jamo.jamo_deletes("환뷸")


def test_normalize_keeps_chosung_and_drops_control_characters():
    assert analysis.normalize("ＡＢＣ ㅎㅂ\x01") == "ABC ㅎㅂ "
