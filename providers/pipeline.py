"""The vetting phase's say in the engagement pipeline and the firm dashboard (via selection.selectors)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from firmops.engagements.next_actions import ActionContext, NextAction, PhaseReport, register_next_actions
from firmops.engagements.portfolio import Cell, Column, register_portfolio_columns
from firmops.models import Role, Stage
from firmops.permissions import MANAGERS
from providers.access import READ
from providers.models import Selection
from providers.selection import selectors

PARTNER = (Role.PARTNER,)
SHORTLISTING = (Stage.AUDIT, Stage.VETTING)  # providers are gathered until someone is selected


def _url(name: str, firm, **kwargs) -> str:
    return reverse(f"providers:{name}", kwargs={"firm_slug": firm.slug, **kwargs})


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _score(value) -> str:
    return f"{value:.0f}" if value is not None else "—"


def report(ctx: ActionContext) -> PhaseReport:
    """Shortlist, questionnaires and the selection; what to chase or decide next."""
    firm, engagement = ctx.firm, ctx.engagement
    rep = PhaseReport(Stage.VETTING)
    status = selectors.vetting_status(firm=firm, engagement=engagement)
    today = timezone.localtime(ctx.now, firm.zone).date()
    sent = len(status.answered) + len(status.waiting) + len(status.expired)
    if status.providers:
        rep.done.append(
            f"{_n(len(status.providers), 'provider', 'providers')} on the shortlist; "
            f"{len(status.answered)} of {_n(sent, 'questionnaire', 'questionnaires')} answered."
        )
    if status.answered:
        best = status.answered[0]
        rep.done.append(f"Highest score: {best.provider.name} ({_score(best.total_score)} of 100).")
    compare_url = _url("compare", firm, engagement_id=engagement.pk)
    selection = status.selection
    if selection is not None:
        state = (
            f"in trial until {selection.trial_ends_on:%b %-d}"
            if selection.status == Selection.Status.TRIAL
            else "confirmed"
        )
        rep.done.append(f"Selected {selection.professional.name} of {selection.provider.name}, {state}.")
        rep.finished = True
        rep.finished_because = (
            f"{selection.professional.name} of {selection.provider.name} is selected ({state})."
        )
        if selection.status == Selection.Status.TRIAL:
            rep.actions.append(_trial_action(selection, today, compare_url))
        return rep
    if engagement.stage not in SHORTLISTING:
        return rep
    if not status.providers:
        if engagement.stage == Stage.VETTING:
            rep.actions.append(
                NextAction(
                    Stage.VETTING,
                    "Add a provider to the shortlist",
                    "Vetting compares providers side by side; the hit list suggests which model fits "
                    "(talent platform, LPO or freelancer).",
                    _url("provider_new", firm) + f"?engagement={engagement.pk}",
                    70,
                    MANAGERS,
                )
            )
        return rep
    if status.expired:
        q = status.expired[0]
        rep.actions.append(
            NextAction(
                Stage.VETTING,
                f"{_n(len(status.expired), 'questionnaire link', 'questionnaire links')} expired "
                "— send a new link",
                f"{', '.join(x.provider.name for x in status.expired)} did not answer before the link "
                "ran out "
                f"({timezone.localtime(q.expires_at, firm.zone):%b %-d}).",
                _url("questionnaire", firm, questionnaire_id=q.pk),
                72,
                MANAGERS,
            )
        )
    if status.not_asked and engagement.stage == Stage.VETTING:
        names = ", ".join(p.name for p in status.not_asked[:3])
        rep.actions.append(
            NextAction(
                Stage.VETTING,
                f"Send the questionnaire to {_n(len(status.not_asked), 'provider', 'providers')}",
                f"{names} {'is' if len(status.not_asked) == 1 else 'are'} on the shortlist but not "
                "asked yet; "
                "answers are scored against the rubric and compared side by side.",
                _url("provider", firm, provider_id=status.not_asked[0].pk),
                65,
                MANAGERS,
            )
        )
    if status.waiting:
        oldest = status.waiting[0]
        waited = (today - timezone.localtime(oldest.sent_at, firm.zone).date()).days
        n = len(status.waiting)
        rep.actions.append(
            NextAction(
                Stage.VETTING,
                f"{_n(n, 'questionnaire', 'questionnaires')} unanswered — send reminder",
                f"Waiting for {', '.join(q.provider.name for q in status.waiting[:3])}; the oldest was sent "
                f"{_n(waited, 'day', 'days')} ago. A reminder email goes out by itself after 3 days; "
                "a new link replaces a lost email.",
                _url("questionnaire", firm, questionnaire_id=oldest.pk),
                62 if waited >= 3 else 45,
                MANAGERS,
            )
        )
    if status.answered:
        n = len(status.answered)
        rep.actions.append(
            NextAction(
                Stage.VETTING,
                f"Compare {_n(n, 'answered questionnaire', 'answered questionnaires')} and select",
                f"Highest score so far: {status.answered[0].provider.name} "
                f"({_score(status.answered[0].total_score)} of 100)"
                + (
                    f"; {len(status.waiting)} still unanswered."
                    if status.waiting
                    else "; everyone asked has answered."
                ),
                compare_url,
                68 if status.waiting else 80,
                PARTNER,
            )
        )
    return rep


def _trial_action(selection: Selection, today, compare_url: str) -> NextAction:
    left = (selection.trial_ends_on - today).days
    if left > 0:
        label = f"Trial ends in {_n(left, 'day', 'days')} — confirm or replace"
    elif left == 0:
        label = "Trial ends today — confirm or replace"
    else:
        label = f"Trial ended {selection.trial_ends_on:%b %-d} — confirm or replace"
    return NextAction(
        Stage.VETTING,
        label,
        f"{selection.professional.name} of {selection.provider.name} has been on trial since "
        f"{timezone.localdate(selection.selected_at):%b %-d}; confirm them or ask the provider for "
        "someone else.",
        compare_url,
        88 if left <= 0 else 85 if left <= 3 else 35,
        PARTNER,
    )


register_next_actions(Stage.VETTING, report, roles=READ)


def columns(*, firm, engagements, now, facts) -> list[Column]:
    """The selected provider and its weighted questionnaire score (1 query)."""
    selections = selectors.selections_by_engagement(firm=firm, engagement_ids=[e.pk for e in engagements])
    facts["providers.selections"] = selections
    column = Column("provider", "Selected provider")
    for engagement in engagements:
        url = _url("compare", firm, engagement_id=engagement.pk)
        selection = selections.get(engagement.pk)
        if selection is None:
            if engagement.stage != Stage.AUDIT:
                column.cells[engagement.pk] = Cell("Not selected yet", url)
            continue
        trial = " · in trial" if selection.status == Selection.Status.TRIAL else ""
        column.cells[engagement.pk] = Cell(
            selection.provider.name,
            url,
            f"{selection.professional.name} · score {_score(selection.score)}{trial}",
        )
    return [column]


register_portfolio_columns(20, columns)
