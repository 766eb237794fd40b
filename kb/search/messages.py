"""Search messages: the index on disk, in Korean and English."""

from __future__ import annotations

from kb.core.catalogue import register

# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "index_missing": ("{root}에 검색 색인이 없어요. `kb index`를 실행하세요 (예: kb index --content content)",
                      "no search index in {root}: run `kb index` (e.g. kb index --content content)"),
    "index_busy": ("다른 프로세스가 {root}의 색인을 쓰고 있어요. 잠시 후 다시 시도하세요",
                   "another process is writing the index in {root}"),
}

register(MESSAGES, __name__)
