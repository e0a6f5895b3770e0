"""Evidence that acts: reminders 30 and 7 days before a document expires, and yearly re-vetting.

Beat planners (firmops.messaging.reminders): each reminder is a row planned once per dedupe key, so a
retried or doubled beat plans nothing twice, and the relay sends each row once. Moments are the firm's
working-day start in its own time zone, computed with zoneinfo, so a daylight-saving change moves the
UTC instant, never the local hour or the day.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse

from firmops.messaging.reminders import reminder_plan
from firmops.models import Firm, Role, User
from firmops.selectors import firm_members
from firmops.tenancy import firm_scope
from providers.evidence.models import EXPIRY_WARNING_DAYS, EvidenceDocument
from providers.models import SELECTION_STOPPED, Provider, Questionnaire, Selection

EXPIRY_KIND = "providers.evidence_expiring"
REVET_KIND = "providers.revetting_due"
LOOKAHEAD = datetime.timedelta(days=1)  # planned a day ahead: a beat outage of hours loses nothing


def _moment(firm: Firm, day: datetime.date) -> datetime.datetime:
    """The start of the firm's working day on `day`, in its zone (an aware instant)."""
    return datetime.datetime.combine(day, firm.core_hours_start, tzinfo=firm.zone)


def _recipients(firm: Firm, provider: Provider) -> list[User]:
    """Ops staff and the partner who owns the provider's engagement (the firm's partners if none)."""
    people = {m.user for m in firm_members(firm=firm, roles=(Role.OPS,))}
    owner = provider.engagement.owner if provider.engagement_id else None
    if owner is not None:
        people.add(owner)
    if not people:
        people = {m.user for m in firm_members(firm=firm, roles=(Role.PARTNER,))}
    return sorted(people, key=lambda u: u.pk)


def _provider_url(firm: Firm, provider: Provider, anchor: str = "") -> str:
    return reverse("providers:provider", args=[firm.slug, provider.pk]) + anchor


def plan_expiry_reminders(firm: Firm, now: datetime.datetime) -> int:
    """Remind ops and the engagement's partner once 30 days and once 7 days before a current document
    expires. Uploaded late (already inside 30 days), only the reminder whose window it is in goes out."""
    planned = 0
    today = firm.today(now)
    horizon = today + datetime.timedelta(days=max(EXPIRY_WARNING_DAYS) + LOOKAHEAD.days)
    with firm_scope(firm):
        documents = list(
            EvidenceDocument.objects.filter(
                superseded_at__isnull=True, expires_on__gte=today, expires_on__lte=horizon
            ).select_related("provider__engagement__owner", "professional")
        )
        recipients: dict[int, list[User]] = {}
        for document in documents:
            thresholds = sorted(EXPIRY_WARNING_DAYS, reverse=True)  # 30, then 7
            for index, days in enumerate(thresholds):
                moment = _moment(firm, document.expires_on - datetime.timedelta(days=days))
                later = thresholds[index + 1] if index + 1 < len(thresholds) else 0
                window_ends = _moment(firm, document.expires_on - datetime.timedelta(days=later))
                if not (moment - LOOKAHEAD <= now < window_ends):
                    continue
                if document.provider_id not in recipients:
                    recipients[document.provider_id] = _recipients(firm, document.provider)
                for person in recipients[document.provider_id]:
                    planned += _plan_expiry(firm, document, days, person, due_at=max(moment, now))
    return planned


def _plan_expiry(
    firm: Firm, document: EvidenceDocument, days: int, person: User, *, due_at: datetime.datetime
) -> int:
    provider = document.provider
    left = (document.expires_on - firm.today(due_at)).days
    when = f"{document.expires_on:%B %-d, %Y}"
    whose = document.subject_name if document.professional_id else provider.name
    url = _provider_url(firm, provider, "#evidence")
    created = reminder_plan(
        firm=firm,
        kind=EXPIRY_KIND,
        key=f"{document.pk}:{days}:{person.pk}",
        to=person,
        subject=f"{document.label} of {whose} expires in {left} day{'s' if left != 1 else ''} ({when})",
        body=(
            f"Hello {person.display_name},\n\n{whose}'s {document.label} (version {document.version}) "
            f"expires on {when}. Ask {provider.name} for the renewed document and keep it in firmops; "
            "once it lapses, confirming a professional or granting access needs an override with a "
            f"reason.\n\n{settings.SITE_URL.rstrip('/')}{url}\n"
        ),
        due_at=due_at,
        url=url,
    )
    return created is not None


def _anniversary(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # February 29th: the 28th the year after
        return day.replace(year=day.year + 1, day=28)


def plan_revetting_reminders(firm: Firm, now: datetime.datetime) -> int:
    """A year after a selected provider was last vetted (its latest questionnaire, or the selection),
    remind ops and the engagement's partner to send the questionnaire again; once a year."""
    planned = 0
    with firm_scope(firm):
        live = (
            Selection.objects.exclude(status__in=SELECTION_STOPPED)
            .select_related("provider__engagement__owner")
            .order_by("provider_id", "-selected_at")
        )
        providers: dict[int, tuple[Provider, datetime.datetime]] = {}
        for selection in live:
            providers.setdefault(selection.provider_id, (selection.provider, selection.selected_at))
        last_sent = {
            row["provider_id"]: row["sent_at"]
            for row in Questionnaire.objects.filter(provider_id__in=list(providers))
            .order_by("provider_id", "sent_at")
            .values("provider_id", "sent_at")
        }
        for provider_id, (provider, selected_at) in providers.items():
            basis = max(selected_at, last_sent.get(provider_id, selected_at))
            due_day = _anniversary(firm.today(basis))
            moment = _moment(firm, due_day)
            if now < moment - LOOKAHEAD:
                continue
            for person in _recipients(firm, provider):
                planned += _plan_revetting(firm, provider, basis, due_day, person, due_at=max(moment, now))
    return planned


def _plan_revetting(
    firm: Firm,
    provider: Provider,
    basis: datetime.datetime,
    due_day: datetime.date,
    person: User,
    *,
    due_at: datetime.datetime,
) -> int:
    url = _provider_url(firm, provider)
    created = reminder_plan(
        firm=firm,
        kind=REVET_KIND,
        key=f"{provider.pk}:{due_day.isoformat()}:{person.pk}",
        to=person,
        subject=f"Time to re-vet {provider.name}: send the questionnaire again",
        body=(
            f"Hello {person.display_name},\n\n{provider.name} was last vetted on "
            f"{firm.today(basis):%B %-d, %Y}. A year on, send them the questionnaire again (their "
            "controls, insurance and people change), and check their evidence documents are current."
            f"\n\n{settings.SITE_URL.rstrip('/')}{url}\n"
        ),
        due_at=due_at,
        url=url,
    )
    return created is not None
