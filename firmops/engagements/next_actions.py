"""The engagement pipeline: what each phase has done, and the single next action for the person looking.

The core knows nothing of audits or providers. Each phase app registers one function with
`register_next_actions`; given an engagement and the viewer it reads its own selectors and returns
a `PhaseReport` (what is done, candidate actions with a priority, whether the phase is finished).
The core picks the highest-priority action the viewer's role may take, and offers the explicit,
recorded stage move when the current phase says it is finished.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from firmops.models import Engagement, Firm, Membership, Role, Stage
from firmops.models.engagements import STAGE_ORDER

log = logging.getLogger(__name__)

# The four phases of the spine, in order; CLOSED is the end of the line, not a phase.
PHASES = [Stage.AUDIT, Stage.VETTING, Stage.ONBOARDING, Stage.PERFORMING]


@dataclass(frozen=True)
class NextAction:
    """Something a person can do now: a label to click, the figures that make it worth doing, where."""

    phase: str
    label: str
    reason: str
    url: str
    priority: int  # 0–100; higher first
    roles: tuple[str, ...]  # who may be shown it
    method: str = "get"  # "post": the URL changes something, so the page renders a button in a form
    # Work that outlives the engagement (an exit checklist): still in the home queue once it is closed.
    after_close: bool = False


@dataclass
class PhaseReport:
    """One phase of one engagement as the viewer may see it."""

    phase: str
    done: list[str] = field(default_factory=list)
    actions: list[NextAction] = field(default_factory=list)
    finished: bool = False  # ready to move on: the core then offers the move to the next stage
    finished_because: str = ""


@dataclass(frozen=True)
class ActionContext:
    firm: Firm
    membership: Membership
    engagement: Engagement
    now: datetime

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def user(self):
        return self.membership.user


Reporter = Callable[[ActionContext], PhaseReport | None]


@dataclass(frozen=True)
class _Registered:
    phase: str
    reporter: Reporter
    roles: tuple[str, ...]


_reporters: dict[str, _Registered] = {}
# Per phase app: the ids of a firm's closed engagements that still have `after_close` work.
_after_close_sources: list[Callable[[Firm], set[int]]] = []
_discovered = False


def discover() -> None:
    """Import every installed app's `pipeline` module once (like admin.py), where it registers itself.

    Lazy rather than in AppConfig.ready, so a phase app joins the pipeline by adding one file.
    """
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("pipeline")
        _discovered = True


def register_next_actions(phase: str, reporter: Reporter, *, roles: tuple[str, ...]) -> None:
    """A phase app's reporter. It is never even called for a role outside `roles`, so an outsourced
    professional cannot see audit or vetting data through a reporter that forgot to check."""
    if phase not in PHASES:
        raise ValueError(f"{phase!r} is not a phase; use one of {', '.join(PHASES)}")
    _reporters[phase] = _Registered(phase, reporter, tuple(roles))


def register_after_close(source: Callable[[Firm], set[int]]) -> None:
    """A phase app's query for closed engagements it still has work on, so the home queue asks them too."""
    if source not in _after_close_sources:
        _after_close_sources.append(source)


def engagements_with_work_after_close(*, firm: Firm) -> set[int]:
    """Ids of the firm's closed engagements some phase still has work on (one query per source)."""
    discover()
    return set().union(*(source(firm) for source in _after_close_sources))


@dataclass
class PhaseView:
    """A phase on the engagement page: its place on the spine and its report (None when hidden)."""

    phase: str
    label: str
    state: str  # "done", "current", "upcoming"
    report: PhaseReport | None


@dataclass
class Pipeline:
    engagement: Engagement
    phases: list[PhaseView]
    next_action: NextAction | None
    other_actions: list[NextAction]
    move_to: str | None  # the next stage, when the viewer may move the engagement there
    move_label: str

    @property
    def closed(self) -> bool:
        return self.engagement.stage == Stage.CLOSED

    @property
    def move_to_label(self) -> str:
        return Stage(self.move_to).label if self.move_to else ""


def _state(phase: str, stage: str) -> str:
    here, current = STAGE_ORDER.index(phase), STAGE_ORDER.index(stage)
    return "done" if here < current else "current" if here == current else "upcoming"


def phase_reports(ctx: ActionContext) -> dict[str, PhaseReport]:
    """Every registered phase's report for this viewer (only the phases their role may see)."""
    discover()
    reports = {}
    for phase in PHASES:
        registered = _reporters.get(phase)
        if registered is None or ctx.role not in registered.roles:
            continue
        report = registered.reporter(ctx)
        if report is not None:
            report.actions = [a for a in report.actions if ctx.role in a.roles]
            reports[phase] = report
    return reports


def _next_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def engagement_pipeline(
    *, firm: Firm, membership: Membership, engagement: Engagement, now: datetime | None = None
) -> Pipeline:
    """The engagement page's pipeline: phases with what is done, and the viewer's next action."""
    ctx = ActionContext(firm, membership, engagement, now or timezone.now())
    reports = phase_reports(ctx)
    actions = [a for r in reports.values() for a in r.actions]
    nxt = _next_stage(engagement.stage)
    move_to = nxt if membership.role == Role.PARTNER and nxt else None
    current = reports.get(engagement.stage)
    if move_to and current is not None and current.finished:
        actions.append(
            NextAction(
                phase=engagement.stage,
                label=f"Move to {Stage(nxt).label}",
                reason=current.finished_because or f"{Stage(engagement.stage).label} is finished.",
                url="#move-stage",
                priority=50,
                roles=(Role.PARTNER,),
            )
        )
    actions.sort(key=lambda a: (-a.priority, PHASES.index(a.phase) if a.phase in PHASES else 9, a.label))
    phases = [
        PhaseView(phase, Stage(phase).label, _state(phase, engagement.stage), reports.get(phase))
        for phase in PHASES
    ]
    return Pipeline(
        engagement=engagement,
        phases=phases,
        next_action=actions[0] if actions else None,
        other_actions=actions[1:],
        move_to=move_to,
        move_label=f"Move to {Stage(nxt).label}" if nxt else "",
    )


def firm_queue(
    *, firm: Firm, membership: Membership, engagements: list[Engagement], now: datetime | None = None
) -> list[tuple[Engagement, NextAction]]:
    """A person's to-do list across engagements (their home page), most pressing first.

    One pipeline per engagement: the caller passes only the engagements worth asking about
    (open ones, a bounded number, and closed ones with work left), so the page stays a fixed cost.
    A closed engagement contributes only the work that outlives it.
    """
    now = now or timezone.now()
    queue = []
    for engagement in engagements:
        ctx = ActionContext(firm, membership, engagement, now)
        closed = engagement.stage == Stage.CLOSED
        for report in phase_reports(ctx).values():
            queue.extend((engagement, a) for a in report.actions if a.after_close or not closed)
    queue.sort(key=lambda pair: (-pair[1].priority, pair[0].name, pair[1].label))
    return queue
