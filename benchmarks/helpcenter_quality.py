"""What a customer of a help center sees: the right article, and an honest "not sure".

The public sets (`search_quality.py`) are paraphrases of chit-chat and news captions; this
asks the product's own questions on a help center: the 20 articles and 200 customer
wordings of `data/grouping_set.yaml` (a food-delivery app, written for this project, CC0;
spacing dropped, typos, 반말, English words). 114 wordings ask a question one of the
articles answers, 86 ask one no article answers. Prints, for Answerloop and for bm25s given
the same tokens (title, summary and questions as one bag):

- R@1 and MRR over the answered wordings;
- what the widget and KakaoTalk would do (`Hit.confidence` against `CONFIDENT`): answer
  right, answer wrong, or say "not sure" (answered wordings), and answer although no
  article answers (unanswered wordings) — a confident wrong answer is the worst outcome.

    python benchmarks/helpcenter_quality.py [--show]   # --show lists every miss
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import grouping_quality  # noqa: E402
import search_quality  # noqa: E402

from kb.search import CONFIDENT, SearchIndex, build_index  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every miss and false answer")
    args = parser.parse_args()
    data = grouping_quality.load(grouping_quality.DATA)
    ids = [a.id for a in data.articles]
    tmp = Path(tempfile.mkdtemp(prefix="kb-helpcenter-"))
    try:
        build_index(data.articles, tmp)
        index = SearchIndex(tmp, check_every=3600)
        peer = search_quality.bm25s_peer(
            [" ".join([a.title, a.summary, *a.questions]) for a in data.articles], [])
        rr = {"Answerloop": 0.0, "bm25s": 0.0}
        r1 = {"Answerloop": 0, "bm25s": 0}
        outcome = {"right": 0, "wrong": 0, "unsure": 0, "false answer": 0, "honest": 0}
        answered = unanswered = 0
        for item in data.items:  # sorted by text
            want = data.answers.get(item.question)
            hits = index.search(item.text, limit=20, lang="ko")
            sure = bool(hits) and hits[0].confidence >= CONFIDENT
            if want is None:
                unanswered += 1
                outcome["false answer" if sure else "honest"] += 1
                if sure and args.show:
                    print(f"false answer  {item.text!r} → {hits[0].id} "
                          f"({hits[0].confidence:.2f}; asks {item.question})")
                continue
            answered += 1
            ranked = {"Answerloop": [h.id for h in hits],
                      "bm25s": [ids[d] for d in peer(item.text)]}
            for name, found in ranked.items():
                if want in found:
                    rank = found.index(want) + 1
                    rr[name] += 1 / rank
                    r1[name] += rank == 1
            right = bool(hits) and hits[0].id == want
            outcome["unsure" if not sure else "right" if right else "wrong"] += 1
            if args.show and not right:
                kind = "wrong answer" if sure else "miss"
                print(f"{kind:<13} {item.text!r} → {ranked['Answerloop'][:2]} (want {want})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{data.domain}: {len(ids)} articles, {answered} answered wordings, "
          f"{unanswered} unanswered")
    for name in rr:
        print(f"  {name:<11} R@1 {r1[name] / answered:.3f}  MRR {rr[name] / answered:.3f}")
    print(f"  Answerloop's confidence (≥ {CONFIDENT}): answered wordings — right "
          f"{outcome['right']}, wrong {outcome['wrong']}, not sure {outcome['unsure']}; "
          f"unanswered — answered anyway {outcome['false answer']}, not sure "
          f"{outcome['honest']}")


if __name__ == "__main__":
    main()
