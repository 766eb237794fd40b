"""Improvement tasks (개선과제) on the web: the board by state with live counts and weekly
sparklines, one task with its evidence and history; admins create a task from a question
group and move it with a reason, viewers from other teams only read.

Numbers are counted from the events when a page is asked for (`kb.insights.tasks.live`,
`kb.insights.evidence.weekly`), for the period of `?period=&until=` as on /admin.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for

from kb.errors import KbError
from kb.insights import calendar, tasks
from kb.insights.evidence import weekly
from kb.insights.gaps import find
from kbsite.auth import current_user, db, login_required
from kbsite.i18n import current_lang
from kbsite.params import period_args, period_param
from kbsite.searching import search_service
from kbsite.store import content

bp = Blueprint("tasks", __name__)

SPARK_WEEKS = 8  # ISO weeks in a sparkline, the period's last week included
SPARK_SIZE = (96, 24)  # width, height of a sparkline in CSS pixels


def spark_weeks(period: calendar.Period, today: dt.date) -> list[calendar.Period]:
    """The SPARK_WEEKS ISO weeks up to the period's last day (or today, if sooner), oldest
    first."""
    week = calendar.period_of("week", min(period.last_day, today), period.tz)
    found = [week]
    for _ in range(SPARK_WEEKS - 1):
        found.append(found[-1].previous())
    return found[::-1]


def spark_points(values: Sequence[int], width: int = SPARK_SIZE[0],
                 height: int = SPARK_SIZE[1]) -> str:
    """An SVG polyline's `points` for `values`: the highest touches the top, zero the bottom."""
    top = max(values, default=0) or 1
    step = width / max(len(values) - 1, 1)
    return " ".join(f"{i * step:.1f},{height - 2 - (height - 4) * v / top:.1f}"
                    for i, v in enumerate(values))


def _numbers(found: list[tasks.Task], period: calendar.Period) -> dict[str, object]:
    """Live counts, weekly sparklines and due flags of `found` for `period`."""
    now = dt.datetime.now(dt.UTC)
    live = tasks.live(db(), found, period, now)
    weeks = spark_weeks(period, now.astimezone(calendar.zone(period.tz)).date())
    sparks = weekly(db(), {t.id: t.evidence for t in found}, now,
                    [(w.start_at, w.end_at) for w in weeks])
    return {"live": live, "sparks": sparks, "weeks": weeks,
            "due": {t.id for t in found if tasks.due(t, live[t.id], period.last_day)}}


def _context(period: calendar.Period) -> dict[str, object]:
    """What every task page shows: the period, its links, the user's rights, helpers."""
    user = current_user()
    zone = calendar.zone(period.tz)
    today = dt.datetime.now(zone).date()
    until = {"until": request.args["until"]} if request.args.get("until") else {}
    return {"period": period, "args": period_args(period),
            "kinds": {kind: {"period": kind, **until} for kind in calendar.KINDS},
            "previous_args": period_args(period.previous()),
            "next_args": period_args(calendar.period_of(period.kind, period.end, period.tz))
            if period.end <= today else None,
            "can_edit": user is not None and user.can("admin"), "states": tasks.STATES,
            "moves": tasks.MOVES, "spark_points": spark_points, "spark_size": SPARK_SIZE,
            "local": lambda when: when.astimezone(zone).strftime("%Y-%m-%d %H:%M")}


def _board(error: str | None = None, status: int = 200):  # noqa: ANN202
    period = period_param()
    found = tasks.load(db())
    numbers = _numbers(found, period)
    live = numbers["live"]
    columns = {state: sorted((t for t in found if t.status == state),
                             key=lambda t: (-live[t.id].count, t.id))
               for state in tasks.STATES}
    return render_template("tasks/board.html", columns=columns, error=error, **numbers,
                           **_context(period)), status


def _task(task_id: int) -> tasks.Task:
    """The task, or 404."""
    try:
        return tasks.get(db(), task_id)
    except tasks.TaskError:
        abort(404)


def _detail(task_id: int, error: str | None = None, status: int = 200):  # noqa: ANN202
    period = period_param()
    found = _task(task_id)
    numbers = _numbers([found], period)
    moved = request.args.get("moved")
    return render_template("tasks/task.html", task=found, error=error,
                           created=request.args.get("created") == "1",
                           moved=moved if moved in tasks.STATES else None,
                           **numbers, **_context(period)), status


@bp.get("/admin/tasks")
@login_required("admin", "viewer")
def board():  # noqa: ANN201
    """Tasks in columns by state, each with its live count and weekly sparkline."""
    return _board()


@bp.get("/admin/tasks/<int:task_id>")
@login_required("admin", "viewer")
def task(task_id: int):  # noqa: ANN201
    """One task: evidence, numbers, history; the move form for admins."""
    return _detail(task_id)


@bp.post("/admin/tasks/new")
@login_required("admin")
def create():  # noqa: ANN201
    """A task from question group `key`; its title defaults to the group's question."""
    period = period_param()
    key = request.form.get("key", "").strip()
    title = request.form.get("title", "").strip()
    owner = request.form.get("owner", "").strip() or None
    if key and not title:
        gap = find(db(), period, key, synonyms=content().synonyms)
        title = gap.question if gap else key  # not asked in this period: its key will do
    user = current_user()
    try:
        made = tasks.create(db(), title, groups=[key] if key else [], owner=owner,
                            by=user.name if user else None)
    except tasks.TaskError as exc:
        return _board(error=exc.text(current_lang()), status=exc.status)
    return redirect(url_for("tasks.task", task_id=made.id, created=1, **period_args(period)))


def _date_field(name: str) -> dt.date | None:
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise KbError("param_date", name=name, value=raw[:40]) from None


@bp.post("/admin/tasks/<int:task_id>/move")
@login_required("admin")
def move(task_id: int):  # noqa: ANN201
    """Move a task if the rules allow it; a broken rule shows its message and changes
    nothing."""
    period = period_param()
    _task(task_id)
    user = current_user()
    try:
        moved = tasks.move(db(), task_id, request.form.get("to", ""),
                           reason=request.form.get("reason"), revisit=_date_field("revisit"),
                           by=user.name if user else None,
                           no_proposers=request.form.get("no_proposers") == "1")
    except KbError as exc:
        return _detail(task_id, error=exc.text(current_lang()), status=exc.status)
    hook = os.environ.get("KB_TASK_WEBHOOK")
    if hook:  # the team's channel hears of it; a dead hook never undoes the move
        from kb.insights.notify import post_webhook

        post_webhook(hook, moved, moved.history[-1], lang=current_lang())
    return redirect(url_for("tasks.task", task_id=task_id, moved=moved.status,
                            **period_args(period)))


@bp.get("/admin/review")
@login_required("admin")
def review():  # noqa: ANN201
    """The weekly review's agenda, as `kb review` prints it: rising questions by lane, tasks
    by state with their change, rejected tasks due again, articles needing work, files."""
    from kb.insights.review import agenda

    period = period_param()
    c = content()

    found = agenda(db(), c, period, matcher=search_service().best_article, lang=current_lang())
    if request.args.get("format") == "json":
        return jsonify({"ok": True, **found.as_dict()})
    return render_template("tasks/review.html", agenda=found, content=c, **_context(period))
