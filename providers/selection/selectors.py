"""Reads of vetting: providers, the side-by-side comparison, and the selection later phases use."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from firmops.models import Engagement, Firm
from providers.models import SELECTION_STOPPED, Answer, Professional, Provider, Questionnaire, Selection
from providers.selection.guidance import overlap_hours


def current_selection(*, firm: Firm, engagement: Engagement) -> Selection | None:
    """The engagement's live selection (in trial or confirmed), with provider and professional loaded."""
    return (
        Selection.objects.for_firm(firm)
        .filter(engagement=engagement)
        .exclude(status__in=SELECTION_STOPPED)
        .select_related("provider", "professional", "professional__user")
        .first()
    )


def selected_engagement_ids(*, firm: Firm, user) -> QuerySet:
    """Ids of the engagements whose selected professional signs in as `user` (a subquery)."""
    return Selection.objects.for_firm(firm).filter(professional__user=user).values("engagement_id")


def selections_of(*, firm: Firm, engagement: Engagement) -> QuerySet[Selection]:
    """Every selection of an engagement, newest first, replacements included: the history of choices."""
    return (
        Selection.objects.for_firm(firm)
        .filter(engagement=engagement)
        .select_related("provider", "professional", "selected_by", "replaced_by")
    )


# --- comparison ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One provider's answer to one question, as the comparison shows it."""

    answer_id: int
    score: int | None  # effective: a reviewer's adjustment wins
    rubric_score: int | None
    adjusted: bool
    vague: bool
    found: list[str]
    missing: list[str]


@dataclass(frozen=True)
class Candidate:
    professional: Professional
    overlap: Decimal  # hours a day inside the firm's core hours


@dataclass
class Column:
    """One provider in the comparison."""

    provider: Provider
    questionnaire: Questionnaire | None
    overlap: Decimal
    candidates: list[Candidate] = field(default_factory=list)
    vague_count: int = 0
    rank: int | None = None

    @property
    def total(self) -> Decimal | None:
        q = self.questionnaire
        return q.total_score if q is not None and q.submitted_at else None


@dataclass
class Row:
    key: str
    text: str
    weight: float
    cells: list[Cell | None]

    @property
    def best(self) -> int | None:
        scores = [c.score for c in self.cells if c is not None and c.score is not None]
        return max(scores) if scores else None


@dataclass
class Comparison:
    engagement: Engagement
    columns: list[Column]
    rows: list[Row]
    on: datetime.date

    @property
    def answered(self) -> list[Column]:
        return [c for c in self.columns if c.total is not None]


def _chosen_questionnaire(questionnaires: list[Questionnaire]) -> Questionnaire | None:
    """The latest submitted questionnaire, else the latest sent (to show it is still open)."""
    submitted = [q for q in questionnaires if q.submitted_at]
    if submitted:
        return max(submitted, key=lambda q: (q.submitted_at, q.pk))
    return max(questionnaires, key=lambda q: (q.sent_at, q.pk)) if questionnaires else None


def comparison(*, firm: Firm, engagement: Engagement, on: datetime.date | None = None) -> Comparison:
    """The engagement's providers side by side: scores, vague flags, rates, overlap; best first."""
    on = on or firm.today()
    providers = list(
        Provider.objects.for_firm(firm)
        .filter(engagement=engagement)
        .prefetch_related(
            Prefetch(
                "professionals", queryset=Professional.objects.for_firm(firm).order_by("hourly_rate", "name")
            )
        )
    )
    by_provider: dict[int, list[Questionnaire]] = {}
    for q in Questionnaire.objects.for_firm(firm).filter(provider__in=providers):
        by_provider.setdefault(q.provider_id, []).append(q)
    columns = []
    for provider in providers:
        candidates = [
            Candidate(
                p,
                overlap_hours(
                    firm=firm, time_zone=p.time_zone, work_start=p.work_start, work_end=p.work_end, on=on
                ),
            )
            for p in provider.professionals.all()
        ]
        overlap = overlap_hours(
            firm=firm,
            time_zone=provider.time_zone,
            work_start=provider.work_start,
            work_end=provider.work_end,
            on=on,
        )
        columns.append(
            Column(provider, _chosen_questionnaire(by_provider.get(provider.pk, [])), overlap, candidates)
        )
    columns.sort(key=lambda c: (c.total is None, -(c.total or 0), c.provider.name.lower()))
    chosen = [
        c.questionnaire for c in columns if c.questionnaire is not None and c.questionnaire.submitted_at
    ]
    answers: dict[tuple[int, str], Answer] = {
        (a.questionnaire_id, a.question_key): a
        for a in Answer.objects.for_firm(firm).filter(questionnaire__in=chosen)
    }
    questions: dict[str, dict] = {}
    for q in chosen:
        for question in q.questions:
            questions.setdefault(question["key"], question)
    rows = []
    for key, question in questions.items():
        cells: list[Cell | None] = []
        for column in columns:
            q = column.questionnaire
            answer = answers.get((q.pk, key)) if q is not None and q.submitted_at else None
            cells.append(
                None
                if answer is None
                else Cell(
                    answer.pk,
                    answer.effective_score,
                    answer.score,
                    answer.adjusted_score is not None,
                    answer.vague,
                    answer.found,
                    answer.missing,
                )
            )
        rows.append(Row(key, question["text"], float(question.get("weight", 1)), cells))
    for index, column in enumerate(columns):
        column.vague_count = sum(1 for row in rows if row.cells[index] is not None and row.cells[index].vague)
    rank = 0
    for column in columns:
        if column.total is not None:
            rank += 1
            column.rank = rank
    return Comparison(engagement, columns, rows, on)


# --- the engagement page's panel ------------------------------------------------------------------


@dataclass(frozen=True)
class VettingSummary:
    providers: int
    sent: int
    submitted: int
    best: Provider | None
    best_total: Decimal | None
    selection: Selection | None


def vetting_summary(*, firm: Firm, engagement: Engagement) -> VettingSummary:
    """Counts and the leader for the engagement page: a few small queries."""
    questionnaires = Questionnaire.objects.for_firm(firm).filter(provider__engagement=engagement)
    best = (
        questionnaires.filter(submitted_at__isnull=False)
        .select_related("provider")
        .order_by("-total_score")
        .first()
    )
    return VettingSummary(
        providers=Provider.objects.for_firm(firm).filter(engagement=engagement).count(),
        sent=questionnaires.count(),
        submitted=questionnaires.filter(submitted_at__isnull=False).count(),
        best=best.provider if best else None,
        best_total=best.total_score if best else None,
        selection=current_selection(firm=firm, engagement=engagement),
    )


# --- reads behind the engagement pipeline and the firm dashboard ---------------------------------


@dataclass(frozen=True)
class VettingStatus:
    """Where an engagement's vetting stands: who was asked, who answered, whose link ran out."""

    providers: list[Provider]
    not_asked: list[Provider]  # on the shortlist, never sent a questionnaire
    waiting: list[Questionnaire]  # sent, link still open, not answered; oldest first
    expired: list[Questionnaire]  # link ran out unanswered, and the provider answered no other
    answered: list[Questionnaire]  # each provider's latest submitted one, best score first
    selection: Selection | None


def vetting_status(*, firm: Firm, engagement: Engagement) -> VettingStatus:
    """The engagement's vetting in 3 queries, for its next action."""
    providers = list(Provider.objects.for_firm(firm).filter(engagement=engagement).order_by("name", "pk"))
    by_provider: dict[int, list[Questionnaire]] = {}
    for q in Questionnaire.objects.for_firm(firm).filter(provider__in=providers).select_related("provider"):
        by_provider.setdefault(q.provider_id, []).append(q)
    not_asked, waiting, expired, answered = [], [], [], []
    for provider in providers:
        sent = by_provider.get(provider.pk, [])
        submitted = [q for q in sent if q.submitted_at]
        if not sent:
            not_asked.append(provider)
        elif submitted:
            answered.append(max(submitted, key=lambda q: (q.submitted_at, q.pk)))
        else:
            latest = max(sent, key=lambda q: (q.sent_at, q.pk))
            (expired if latest.is_expired else waiting).append(latest)
    waiting.sort(key=lambda q: q.sent_at)
    answered.sort(key=lambda q: -(q.total_score or 0))
    return VettingStatus(
        providers, not_asked, waiting, expired, answered, current_selection(firm=firm, engagement=engagement)
    )


def selections_by_engagement(*, firm: Firm, engagement_ids: list[int]) -> dict[int, Selection]:
    """Each engagement's live selection with its provider's latest weighted score as `score` (1 query)."""
    from django.db.models import OuterRef, Subquery

    score = (
        Questionnaire.objects.for_firm(firm)
        .filter(provider=OuterRef("provider"), submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .values("total_score")[:1]
    )
    result: dict[int, Selection] = {}
    for selection in (
        Selection.objects.for_firm(firm)
        .filter(engagement_id__in=engagement_ids)
        .exclude(status__in=SELECTION_STOPPED)
        .select_related("provider", "professional")
        .annotate(score=Subquery(score))
        .order_by("-selected_at", "-pk")
    ):
        result.setdefault(selection.engagement_id, selection)
    return result
