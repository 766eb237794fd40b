"""Improvement tasks (개선과제): evidence, five states with their rules, history, proposers.

States: 과제선정 (selected) → 반영예정 (planned) → 반영완료 (done) → 피드백완료 (notified);
any state but 피드백완료 → 기각 (rejected: a reason and a revisit date, past dates allowed for
backfilling); 기각 → 과제선정 (reopened) or → 피드백완료 (proposers told it was rejected).
피드백완료 needs every proposer notified — or, for a task without proposers, saying so.
Every move is recorded with the count of asks at that moment (the 30 days before it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, delete, insert, select, update

from kb.db import question_groups, task_history, task_links, task_proposers, tasks
from kb.errors import KbError
from kb.insights.calendar import Period
from kb.insights.evidence import Evidence, counts

STATES = ("selected", "planned", "done", "rejected", "notified")
KOREAN = {"selected": "과제선정", "planned": "반영예정", "done": "반영완료", "rejected": "기각",
          "notified": "피드백완료"}
MOVES = {"selected": ("planned", "rejected"), "planned": ("done", "rejected"),
         "done": ("notified", "rejected"), "rejected": ("selected", "notified"), "notified": ()}
ACTIVE = ("selected", "planned", "done")  # their groups sit in the `task` lane
COUNT_DAYS = 30  # "the count at that moment": asks in the 30 days before a move
LINK_KINDS = ("group", "tag", "article")


class TaskError(KbError):
    """A task, state or move that does not exist or breaks a rule; nothing was changed."""


def state(name: str) -> str:
    """`반영예정`, `planned` or `Planned` → `planned`."""
    cleaned = name.strip().lower()
    for code, korean in KOREAN.items():
        if cleaned in (code, korean):
            return code
    raise TaskError("task_unknown_state", state=name,
                    states=", ".join(f"{k} ({c})" for c, k in KOREAN.items()))


@dataclass(frozen=True)
class Move:
    at: dt.datetime
    by: str | None
    from_status: str | None
    to_status: str
    reason: str | None
    revisit: dt.date | None
    count: int
    note: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"at": self.at.isoformat(), "by": self.by, "from": self.from_status,
                "to": self.to_status, "reason": self.reason,
                "revisit": self.revisit.isoformat() if self.revisit else None,
                "count": self.count, "note": self.note}


@dataclass(frozen=True)
class Proposer:
    id: int
    name: str | None
    email: str | None  # None once notified
    lang: str
    source: str
    notified: dt.datetime | None


@dataclass
class Task:
    id: int
    title: str
    status: str
    created: dt.datetime
    changed: dt.datetime
    description: str = ""
    owner: str | None = None
    theme: str | None = None
    revisit: dt.date | None = None
    evidence: Evidence = field(default_factory=Evidence)
    history: list[Move] = field(default_factory=list)
    proposers: list[Proposer] = field(default_factory=list)

    @property
    def status_ko(self) -> str:
        return KOREAN[self.status]

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "title": self.title, "description": self.description,
                "status": self.status, "status_ko": self.status_ko, "owner": self.owner,
                "theme": self.theme, "created": self.created.isoformat(),
                "changed": self.changed.isoformat(),
                "revisit": self.revisit.isoformat() if self.revisit else None,
                "groups": sorted(self.evidence.groups), "tags": sorted(self.evidence.tags),
                "articles": sorted(self.evidence.articles),
                "proposers": len(self.proposers),
                "notified": sum(1 for p in self.proposers if p.notified is not None),
                "history": [m.as_dict() for m in self.history]}


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back: they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _count_now(engine: Engine, evidence: Evidence, now: dt.datetime) -> int:
    return counts(engine, {0: evidence}, now - dt.timedelta(days=COUNT_DAYS), now)[0]


def create(engine: Engine, title: str, *, groups: Sequence[str] = (), tags: Sequence[str] = (),
           articles: Sequence[str] = (), owner: str | None = None, theme: str | None = None,
           description: str = "", by: str | None = None,
           now: dt.datetime | None = None) -> Task:
    """A new task in 과제선정, linked to its evidence; unknown group keys are refused."""
    title = title.strip()
    if not title:
        raise TaskError("task_no_title")
    now = now or dt.datetime.now(dt.UTC)
    evidence = Evidence(frozenset(groups), frozenset(tags), frozenset(articles))
    with engine.begin() as conn:
        known = {r[0] for r in conn.execute(select(question_groups.c.key).where(
            question_groups.c.key.in_(sorted(evidence.groups))))} if groups else set()
        missing = sorted(evidence.groups - known)
        if missing:
            raise TaskError("group_unknown", key=", ".join(missing))
    count = _count_now(engine, evidence, now)
    with engine.begin() as conn:
        tid = conn.execute(insert(tasks).values(
            title=title[:200], description=description, status="selected", owner=owner,
            theme=theme, created=now, changed=now)).inserted_primary_key[0]
        links = [{"task_id": tid, "kind": kind, "value": value}
                 for kind, values in (("group", groups), ("tag", tags), ("article", articles))
                 for value in sorted(set(values))]
        if links:
            conn.execute(insert(task_links), links)
        conn.execute(insert(task_history).values(task_id=tid, at=now, by=by, from_status=None,
                                                 to_status="selected", count=count))
    return get(engine, tid)


def get(engine: Engine, task_id: int) -> Task:
    """One task with its evidence, history and proposers."""
    found = load(engine, [task_id])
    if not found:
        raise TaskError("task_unknown", id=task_id)
    return found[0]


def load(engine: Engine, ids: Sequence[int] | None = None, *,
         statuses: Sequence[str] | None = None) -> list[Task]:
    """Tasks (all, or these ids / states), oldest first."""
    query = select(tasks).order_by(tasks.c.id)
    if ids is not None:
        query = query.where(tasks.c.id.in_(list(ids)))
    if statuses is not None:
        query = query.where(tasks.c.status.in_(list(statuses)))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        found = {r.id: Task(id=r.id, title=r.title, status=r.status, created=_utc(r.created),
                            changed=_utc(r.changed), description=r.description or "",
                            owner=r.owner, theme=r.theme, revisit=r.revisit) for r in rows}
        if not found:
            return []
        links: dict[int, dict[str, set[str]]] = {i: {k: set() for k in LINK_KINDS}
                                                 for i in found}
        for r in conn.execute(select(task_links).where(task_links.c.task_id.in_(list(found)))
                              .order_by(task_links.c.task_id, task_links.c.kind,
                                        task_links.c.value)):
            links[r.task_id][r.kind].add(r.value)
        for r in conn.execute(select(task_history).where(
                task_history.c.task_id.in_(list(found))).order_by(task_history.c.id)):
            found[r.task_id].history.append(Move(_utc(r.at), r.by, r.from_status, r.to_status,
                                                 r.reason, r.revisit, r.count, r.note))
        for r in conn.execute(select(task_proposers).where(
                task_proposers.c.task_id.in_(list(found))).order_by(task_proposers.c.id)):
            found[r.task_id].proposers.append(Proposer(
                r.id, r.name, r.email, r.lang, r.source,
                _utc(r.notified) if r.notified else None))
    for tid, task in found.items():
        task.evidence = Evidence(frozenset(links[tid]["group"]), frozenset(links[tid]["tag"]),
                                 frozenset(links[tid]["article"]))
    return list(found.values())


def move(engine: Engine, task_id: int, to: str, *, reason: str | None = None,
         revisit: dt.date | None = None, by: str | None = None, no_proposers: bool = False,
         now: dt.datetime | None = None) -> Task:
    """Move a task to another state, if the rules allow it; the move is recorded."""
    task = get(engine, task_id)
    to = state(to)
    if to not in MOVES[task.status]:
        raise TaskError("task_bad_move", id=task_id, frm=KOREAN[task.status], to=KOREAN[to],
                        allowed=", ".join(KOREAN[s] for s in MOVES[task.status]) or "-")
    reason = (reason or "").strip() or None
    note = None
    if to == "rejected" and (reason is None or revisit is None):
        raise TaskError("task_reject_needs")
    if to == "notified":
        # Proposers whose address went at the retention limit can no longer be told.
        waiting = [p for p in task.proposers if p.notified is None and p.email]
        if waiting:
            raise TaskError("task_notify_first", id=task_id, n=len(waiting))
        if not task.proposers:
            if not no_proposers:
                raise TaskError("task_no_proposers", id=task_id)
            note = "no proposers"
    now = now or dt.datetime.now(dt.UTC)
    count = _count_now(engine, task.evidence, now)
    with engine.begin() as conn:
        conn.execute(update(tasks).where(tasks.c.id == task_id).values(
            status=to, changed=now, revisit=revisit if to == "rejected" else None))
        conn.execute(insert(task_history).values(
            task_id=task_id, at=now, by=by, from_status=task.status, to_status=to,
            reason=reason, revisit=revisit if to == "rejected" else None, count=count,
            note=note))
    return get(engine, task_id)


def add_proposer(engine: Engine, task_id: int, email: str, *, name: str | None = None,
                 lang: str = "ko", source: str = "staff",
                 now: dt.datetime | None = None) -> Proposer:
    """Someone who asked to hear back when the task is settled."""
    from kb.insights.contacts import EMAIL

    get(engine, task_id)
    email = email.strip()
    if not EMAIL.match(email):
        raise TaskError("task_bad_email", email=email)
    now = now or dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        pid = conn.execute(insert(task_proposers).values(
            task_id=task_id, name=(name or "").strip()[:80] or None, email=email, lang=lang,
            source=source, added=now)).inserted_primary_key[0]
    return Proposer(pid, name, email, lang, source, None)


def mark_notified(engine: Engine, proposer_id: int, now: dt.datetime | None = None) -> None:
    """Record a notification and forget the address (it served its purpose)."""
    with engine.begin() as conn:
        conn.execute(update(task_proposers).where(task_proposers.c.id == proposer_id)
                     .values(notified=now or dt.datetime.now(dt.UTC), email=None))


def forget_addresses(engine: Engine, days: int, now: dt.datetime | None = None) -> int:
    """Delete proposers' addresses kept longer than `days` (the retention limit)."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    with engine.begin() as conn:
        return conn.execute(update(task_proposers).where(
            task_proposers.c.added < cutoff, task_proposers.c.email.is_not(None))
            .values(email=None)).rowcount


def linked_groups(engine: Engine) -> set[str]:
    """Group keys linked to an open task (selected, planned, done): the `task` lane."""
    with engine.connect() as conn:
        return {r[0] for r in conn.execute(
            select(task_links.c.value).join(tasks, tasks.c.id == task_links.c.task_id).where(
                task_links.c.kind == "group", tasks.c.status.in_(ACTIVE)))}


def delete_task(engine: Engine, task_id: int) -> None:
    """Remove a task entirely (for mistakes; a rejected task is kept, not deleted)."""
    get(engine, task_id)
    with engine.begin() as conn:
        for table in (task_links, task_history, task_proposers):
            conn.execute(delete(table).where(table.c.task_id == task_id))
        conn.execute(delete(tasks).where(tasks.c.id == task_id))


@dataclass(frozen=True)
class Live:
    """A task's numbers now: asks in the period, the one before, and since its last move."""

    count: int
    previous: int
    since_change: int
    at_change: int  # the count recorded at the last move

    def as_dict(self) -> dict[str, int]:
        return {"count": self.count, "previous": self.previous,
                "since_change": self.since_change, "at_change": self.at_change}


def live(engine: Engine, found: Sequence[Task], period: Period,
         now: dt.datetime | None = None) -> dict[int, Live]:
    """Live counts of `found` for `period` (and the one before, and since each last move)."""
    now = now or dt.datetime.now(dt.UTC)
    evidence = {t.id: t.evidence for t in found}
    current = counts(engine, evidence, period.start_at, min(period.end_at, now))
    before = counts(engine, evidence, period.previous().start_at, period.start_at)
    out = {}
    for task in found:
        since = counts(engine, {task.id: task.evidence}, task.changed, now)[task.id]
        at_change = task.history[-1].count if task.history else 0
        out[task.id] = Live(current[task.id], before[task.id], since, at_change)
    return out


def due(task: Task, numbers: Live, until: dt.date) -> bool:
    """A rejected task comes back when its revisit date is on or before `until`, or when
    the asks since it was rejected reach the count it had then."""
    if task.status != "rejected":
        return False
    if task.revisit is not None and task.revisit <= until:
        return True
    return numbers.at_change > 0 and numbers.since_change >= numbers.at_change
