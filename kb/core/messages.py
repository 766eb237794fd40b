"""Core messages: files, YAML and schema fields, in Korean and English."""

from __future__ import annotations

from kb.core.catalogue import register

# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # general
    "did_you_mean": (" ('{value}'을(를) 찾으셨나요?)", " (did you mean '{value}'?)"),
    "hint_prefix": ("도움말: ", "hint: "),
    "content_missing": ("콘텐츠 폴더가 없어요", "content folder not found"),
    "content_missing_hint": ("--content DIR 또는 KB_CONTENT로 폴더를 지정하세요",
                             "point --content DIR or KB_CONTENT at your content folder"),
    # files
    "file_missing": ("필수 파일이 없어요", "required file is missing"),
    "file_unreadable": ("파일을 읽을 수 없어요: {reason}", "cannot read the file: {reason}"),
    "file_too_big": ("파일이 {size} KB예요. 최대 {limit} KB까지 허용돼요",
                     "file is {size} KB; the limit is {limit} KB"),
    "file_too_big_hint": ("여러 문서로 나누고 이미지는 content/images/에 따로 두세요",
                          "split it into several articles; keep images in content/images/"),
    "not_utf8": ("UTF-8 파일이 아니에요 ({offset}번째 바이트)",
                 "file is not UTF-8 (byte {offset})"),
    "not_utf8_hint": ("편집기에서 UTF-8로 다시 저장하세요 (Excel/메모장의 ANSI·CP949 아님)",
                      "save it again as UTF-8 (not ANSI/CP949) in your editor"),
    "file_empty": ("빈 파일이에요", "file is empty"),
    "file_empty_hint": ("내용을 채우거나 파일을 지우세요", "fill it in or delete it"),
    # YAML
    "yaml_tab": ("들여쓰기에 탭 문자가 있어요", "tab character in indentation"),
    "yaml_tab_hint": ("YAML은 공백으로만 들여써요. 탭을 공백 2칸으로 바꾸세요",
                      "YAML indents with spaces only; replace the tab with two spaces"),
    "yaml_syntax": ("YAML 문법 오류 ({column}번째 칸): {problem}",
                    "YAML syntax error at column {column}: {problem}"),
    "yaml_syntax_hint": ("들여쓰기를 확인하고, ':'나 '#'가 들어간 값은 따옴표로 감싸세요",
                         "check the indentation; quote values that contain ':' or '#'"),
    "yaml_bad_value": ("값을 읽을 수 없어요: {problem}", "cannot read this value: {problem}"),
    "yaml_duplicate_key": ("키 '{key}'가 두 번 나와요 ({other}번째 줄에도 있어요)",
                           "key '{key}' appears twice (also on line {other})"),
    "not_mapping": ("{what}의 내용은 '키: 값' 묶음이어야 해요", "{what_en} must be a mapping of key: value"),
    # schema
    "bad_id": ("id '{id}'에는 영문 소문자, 숫자, 하이픈만 쓸 수 있어요",
               "id '{id}' must use lowercase ASCII letters, digits and hyphens only"),
    "bad_id_hint": ("예: '{example}'", "e.g. '{example}'"),
    "unknown_key": ("{what}에 알 수 없는 키 '{key}'", "unknown key '{key}' in {what_en}"),
    "hint_known_keys": ("쓸 수 있는 키: {keys}", "known keys: {keys}"),
    "missing_key": ("{what}에 '{key}'가 없어요", "{what_en} is missing '{key}'"),
    "wrong_type": ("'{key}' 값은 {expected} 형식이어야 해요. 지금 값: {found}",
                   "'{key}' must be {expected_en}, got {found_en}"),
    "hint_quote": ("문자열로 쓰세요. true/false/숫자처럼 보이는 값은 따옴표로 감싸세요",
                   "write a string; quote values that look like true/false or numbers"),
    "hint_choices": ("다음 중 하나를 쓰세요: {choices}", "use one of: {choices}"),
    "hint_list": ("목록으로 쓰세요: {key}: [{items}]", "write a list: {key}: [{items}]"),
    "hint_date": ("날짜는 2026-11-01처럼 쓰세요", "write dates like 2026-11-01"),
    "hint_bool": ("따옴표 없이 true 또는 false로 쓰세요", "write true or false, without quotes"),
    "hint_int": ("따옴표 없이 숫자로 쓰세요", "write a whole number, without quotes"),
    "hint_mapping": ("'키: 값' 줄을 들여써서 쓰세요", "write indented key: value lines"),
    "hint_records": ("'- ' 로 시작하는 항목 목록으로 쓰세요", "write a list of '- ' items"),
}

register(MESSAGES, __name__)
