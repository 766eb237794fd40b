"""Question groups in the database: stable keys, new asks assigned, the CX team's corrections.

Every ask key ever seen belongs to one group (`group_keys`, with the reason); a group's key
(`question_groups`) never changes once assigned, so drafts and improvement tasks can link
to it. New keys are assigned the first time statistics are read, all of them at once, most
asked first — so the result does not depend on which period was looked at first.

Corrections are stored with the groups and hold in later periods: `merge` points groups at
one survivor (`merged_into`), so new wordings of any of them count for it; `split` moves one
wording, exactly as asked, to a new group of its own (`group_wordings`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Engine, delete, func, insert, select, union_all, update

from kb.db import events, followups, group_keys, group_wordings, inquiries, question_groups
from kb.errors import KbError
from kb.insights.grouping import Group, Grouper, KeyStats, Matcher, group_key
from kb.insights.questions import canonical, normalize

ASK_TYPES = ("search", "vote")  # events that carry an ask (a query; a 👎 comment)
_CHUNK = 500


class GroupError(KbError):
    """A correction names a group or wording that does not exist."""

    status = 404


_KEYED: set[str] = set()  # databases whose asks all have keys (checked once per process)


def ensure_keys(engine: Engine) -> int:
    """Compute the ask key of every ask stored without one; returns how many texts.

    Asks get their key when recorded; only rows from before a key change (a migration
    resets them) lack one, so each process checks a database once.
    """
    marker = engine.url.render_as_string(hide_password=False)
    if marker in _KEYED:
        return 0
    done = 0
    with engine.begin() as conn:
        for table, column, where in (
            (events, events.c.query, events.c.type == "search"),
            (events, events.c.comment, (events.c.type == "vote") & (events.c.helpful == 0)),
            (inquiries, inquiries.c.question, inquiries.c.id.is_not(None)),
        ):
            texts = [r[0] for r in conn.execute(
                select(column).where(where, table.c.norm.is_(None), column.is_not(None))
                .distinct().order_by(column))]
            for text in texts:
                conn.execute(update(table).where(where, column == text, table.c.norm.is_(None))
                             .values(norm=normalize(text)))
            done += len(texts)
    _KEYED.add(marker)
    return done


_SEEN: dict[str, tuple[int, int]] = {}  # database → (events, inquiries) ids already keyed


def rescan(engine: Engine) -> None:
    """Look at every stored ask key again next time (an ask came back without a group:
    on PostgreSQL, a row can commit after a later id was already seen)."""
    _SEEN.pop(engine.url.render_as_string(hide_password=False), None)


def _new_norms(conn: Connection, marker: str) -> tuple[set[str], tuple[int, int]]:
    """Ask keys stored since the last look (all of them the first time in a process)."""
    after_event, after_row = _SEEN.get(marker, (0, 0))
    top = (conn.execute(select(func.coalesce(func.max(events.c.id), 0))).scalar_one(),
           conn.execute(select(func.coalesce(func.max(inquiries.c.id), 0))).scalar_one())
    if top[0] < after_event or top[1] < after_row:  # the tables were emptied or recreated
        after_event, after_row = 0, 0
    found = {r[0] for r in conn.execute(select(events.c.norm).where(
        events.c.id > after_event, events.c.id <= top[0], events.c.norm.is_not(None))
        .distinct())}
    found |= {r[0] for r in conn.execute(select(inquiries.c.norm).where(
        inquiries.c.id > after_row, inquiries.c.id <= top[1], inquiries.c.norm.is_not(None))
        .distinct())}
    found |= {r[0] for r in conn.execute(select(followups.c.norm).where(
        followups.c.norm.is_not(None)).distinct())}  # few rows: always all of them
    return found, top


def _ask_rows(conn: Connection):  # noqa: ANN202 - rows of (norm, text, tag, n)
    searches = select(events.c.norm, events.c.query.label("text"),
                      events.c.type.label("tag"), func.count().label("n")).where(
        events.c.type == "search", events.c.norm.is_not(None)).group_by(
        events.c.norm, events.c.query, events.c.type)
    comments = select(events.c.norm, events.c.comment.label("text"),
                      events.c.type.label("tag"), func.count().label("n")).where(
        events.c.type == "vote", events.c.helpful == 0, events.c.norm.is_not(None),
        events.c.comment.is_not(None)).group_by(events.c.norm, events.c.comment, events.c.type)
    sheet = select(inquiries.c.norm, inquiries.c.question.label("text"),
                   func.coalesce(inquiries.c.tag, inquiries.c.category).label("tag"),
                   func.count().label("n")).where(inquiries.c.norm.is_not(None)).group_by(
        inquiries.c.norm, inquiries.c.question, inquiries.c.tag, inquiries.c.category)
    # Questions left with "let me know" get a group too (they are not counted as asks).
    wishes = select(followups.c.norm, followups.c.question.label("text"),
                    followups.c.source.label("tag"), func.count().label("n")).where(
        followups.c.norm.is_not(None)).group_by(followups.c.norm, followups.c.question,
                                                 followups.c.source)
    return conn.execute(union_all(searches, comments, sheet, wishes))


def _existing(conn: Connection, synonyms: Sequence[Sequence[str]]) -> list[Group]:
    rows = conn.execute(select(question_groups).order_by(question_groups.c.seq,
                                                         question_groups.c.key))
    out = []
    for row in rows:
        words, intent = canonical(row.head, synonyms)
        out.append(Group(key=row.key, head=row.head, words=words, intent=intent,
                         article=row.article, index=row.seq))
    return out


def assign_new(engine: Engine, *, synonyms: Sequence[Sequence[str]] = (),
               matcher: Matcher | None = None) -> int:
    """Give every ask key without a group one; returns how many keys were assigned."""
    ensure_keys(engine)
    marker = engine.url.render_as_string(hide_password=False)
    with engine.begin() as conn:
        known = {r[0] for r in conn.execute(select(group_keys.c.norm))}
        fresh, seen = _new_norms(conn, marker)
        if not fresh - known:
            _SEEN[marker] = seen
            return 0
        stats: dict[str, KeyStats] = {}
        for row in _ask_rows(conn):
            if row.norm in known:
                continue
            item = stats.setdefault(row.norm, KeyStats(row.norm))
            item.count += row.n
            item.texts[row.text] += row.n
            if row.tag not in (None, "", "search", "vote", "widget", "article"):
                item.tags[row.tag] += row.n
        if not stats:
            return 0
        grouper = Grouper(_existing(conn, synonyms), synonyms=synonyms, matcher=matcher)
        before = len(grouper.groups)
        assigned = grouper.assign(stats.values())
        fresh = grouper.groups[before:]
        if fresh:
            conn.execute(insert(question_groups), [
                {"key": g.key, "head": g.head, "article": g.article, "seq": g.index}
                for g in fresh])
        conn.execute(insert(group_keys), [
            {"norm": norm, "key": a.group, "reason": a.reason}
            for norm, a in sorted(assigned.items())])
    _SEEN[marker] = seen
    return len(assigned)


def _merges(conn: Connection) -> dict[str, str]:
    """Group key → the group it was merged into."""
    return {r.key: r.merged_into for r in conn.execute(
        select(question_groups.c.key, question_groups.c.merged_into)) if r.merged_into}


def _follow(merged: dict[str, str], key: str) -> str:
    """The surviving group of `key`, following merges (a cycle stops where it closes)."""
    seen = set()
    while key in merged and key not in seen:
        seen.add(key)
        key = merged[key]
    return key


class Resolver:
    """Maps an ask (key, wording) to its group's key, following merges and splits."""

    def __init__(self, engine: Engine) -> None:
        with engine.connect() as conn:
            self.keys = {r.norm: (r.key, r.reason) for r in conn.execute(select(group_keys))}
            self.merged = _merges(conn)
            self.wordings = {r.text: r.key for r in conn.execute(select(group_wordings))}

    def final(self, key: str) -> str:
        return _follow(self.merged, key)

    def group(self, norm: str, text: str) -> str | None:
        if text in self.wordings:
            return self.final(self.wordings[text])
        found = self.keys.get(norm)
        return self.final(found[0]) if found else None

    def reason(self, norm: str, text: str) -> str:
        if text in self.wordings:
            return "split by hand"
        found = self.keys.get(norm)
        return found[1] if found else ""


def _existing_keys(conn: Connection, keys: Iterable[str]) -> set[str]:
    keys = sorted(set(keys))
    found: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        found |= {r[0] for r in conn.execute(select(question_groups.c.key).where(
            question_groups.c.key.in_(chunk)))}
    return found


def merge(engine: Engine, keys: Sequence[str]) -> str:
    """Merge groups into the first; returns the surviving key. Unknown keys change nothing."""
    if len(keys) < 2:
        raise GroupError("group_merge_needs_two")
    with engine.begin() as conn:
        missing = sorted(set(keys) - _existing_keys(conn, keys))
        if missing:
            raise GroupError("group_unknown", key=", ".join(missing))
        survivor = _follow(_merges(conn), keys[0])
        for key in keys[1:]:
            if key != survivor:
                conn.execute(update(question_groups).where(question_groups.c.key == key)
                             .values(merged_into=survivor))
    return survivor


def _norm_of(conn: Connection, wording: str) -> str | None:
    """The stored ask key of a wording, exactly as it was asked."""
    for column, table in ((events.c.query, events), (events.c.comment, events),
                          (inquiries.c.question, inquiries)):
        found = conn.execute(select(table.c.norm).where(column == wording,
                                                        table.c.norm.is_not(None))
                             .order_by(table.c.norm).limit(1)).first()
        if found is not None:
            return found[0]
    return None


def split(engine: Engine, key: str, wording: str, by: str | None = None) -> str:
    """Move one wording out of group `key` into a new group; returns the new key."""
    resolver = Resolver(engine)
    with engine.begin() as conn:
        if not _existing_keys(conn, [key]):
            raise GroupError("group_unknown", key=key)
        norm = _norm_of(conn, wording)
        if norm is None or resolver.group(norm, wording) != resolver.final(key):
            raise GroupError("group_no_wording", key=key, wording=wording)
        seq = conn.execute(select(func.coalesce(func.max(question_groups.c.seq), -1))
                           ).scalar_one() + 1
        taken = {r[0] for r in conn.execute(select(question_groups.c.key))}
        new = group_key(f"{norm} {wording}", lambda k: k in taken)
        conn.execute(insert(question_groups).values(key=new, head=norm, seq=seq))
        conn.execute(delete(group_wordings).where(group_wordings.c.text == wording))
        conn.execute(insert(group_wordings).values(text=wording, key=new, by=by))
    return new
