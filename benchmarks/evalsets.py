"""The three FAQ-retrieval sets from ../shared/eval/, built exactly as its README says."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


@dataclass
class EvalSet:
    name: str
    docs: list[str] = field(default_factory=list)  # document texts; index = doc id
    answers: list[str] = field(default_factory=list)  # optional second field (StackFAQ)
    queries: list[tuple[str, set[int], str]] = field(default_factory=list)  # text, relevant, split


def _pairs_set(name: str, rows: list[tuple[str, str, str, bool]]) -> EvalSet:
    """rows: (split, document text, query text, same meaning)."""
    result = EvalSet(name)
    doc_ids: dict[str, int] = {}
    for _, doc, _, _ in rows:
        if doc not in doc_ids:
            doc_ids[doc] = len(result.docs)
            result.docs.append(doc)
    queries: dict[str, tuple[set[int], str]] = {}
    for split, doc, query, same in rows:
        if not same or query == doc or query in doc_ids:
            continue
        relevant, first_split = queries.setdefault(query, (set(), split))
        relevant.add(doc_ids[doc])
    result.queries = [(q, rel, split) for q, (rel, split) in queries.items()]
    return result


def question_pair(root: Path = EVAL) -> EvalSet:
    rows = []
    for split in ("train", "validation", "test"):
        with open(root / "ko-question-pair" / f"{split}.txt", encoding="utf-8") as f:
            reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader)
            for row in reader:
                if len(row) >= 3:
                    rows.append((split, row[0].strip(), row[1].strip(), row[2].strip() == "0"))
    return _pairs_set("ko-question-pair", rows)


def korsts(root: Path = EVAL) -> EvalSet:
    rows = []
    for split in ("train", "dev", "test"):
        with open(root / "ko-korsts" / f"sts-{split}.tsv", encoding="utf-8") as f:
            reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader)
            for row in reader:
                if len(row) >= 7:
                    rows.append((split, row[5].strip(), row[6].strip(), float(row[4]) >= 4.0))
    return _pairs_set("ko-korsts", rows)


def stackfaq(root: Path = EVAL) -> EvalSet:
    result = EvalSet("en-stackfaq")
    tree = ET.parse(root / "en-stackfaq" / "stackExchange-FAQ.xml")
    for pair in tree.getroot().iter("qapair"):
        doc = len(result.docs)
        result.docs.append((pair.findtext("question") or "").strip())
        result.answers.append(" ".join((a.text or "").strip() for a in pair.iter("answer")))
        for rephr in pair.iter("rephr"):
            text = (rephr.text or "").strip()
            if text and text.strip("* ") != "":
                result.queries.append((text, {doc}, "all"))
    return result


SETS = {"ko-question-pair": question_pair, "ko-korsts": korsts, "en-stackfaq": stackfaq}
