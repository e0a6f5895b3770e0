import datetime
import zoneinfo

from django.core import mail
from django.template.loader import render_to_string

from firmops.messaging.reminders import reminders_plan_all_firms, reminders_send_due
from firmops.models import Reminder, Role
from firmops.tenancy import firm_scope
from onboarding import selectors, services
from onboarding.models import PlanItem
from onboarding.plans import DelegatedTask
from onboarding.reminders import plan_due_tomorrow
from tests.onboarding.conftest import DAY_1

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def _plan(firm, engagement, ops):
    firm.time_zone = "America/Chicago"
    firm.save()
    with firm_scope(firm):
        return services.plan_generate(
            firm=firm,
            actor=ops,
            engagement=engagement,
            starts_on=DAY_1,
            delegated=[DelegatedTask("e_filing", "E-filing")],
        ).plan


def test_owners_of_items_due_tomorrow_get_one_email_each_at_the_start_of_the_firms_day(
    firm, engagement, selected, ops, external
):
    plan = _plan(firm, engagement, ops)
    # 23:30 on day 3 in Chicago is already day 4 in UTC: "tomorrow" must be the firm's tomorrow (day 4).
    evening = datetime.datetime.combine(
        DAY_1 + datetime.timedelta(days=2), datetime.time(23, 30), tzinfo=CHICAGO
    )
    with firm_scope(firm):
        due_day_4 = list(PlanItem.objects.filter(plan=plan, day=4).select_related("owner"))
    owners = {i.owner for i in due_day_4}
    reminders_plan_all_firms(now=evening)  # the beat job: runs every registered planner for every firm
    with firm_scope(firm):
        assert Reminder.objects.filter(kind="onboarding.due_tomorrow").count() == len(owners)
    assert (
        plan_due_tomorrow(firm, evening + datetime.timedelta(minutes=15)) == 0
    )  # the beat runs again: nothing new
    next_morning = datetime.datetime.combine(
        DAY_1 + datetime.timedelta(days=3), datetime.time(9), tzinfo=CHICAGO
    )
    reminders_send_due(firm=firm, now=next_morning)
    sent = [m for m in mail.outbox if "onboarding item" in m.subject]
    assert sorted(m.to[0] for m in sent) == sorted(o.email for o in owners)
    to_elena = next(m for m in sent if m.to == [external.email])
    mine = [i.title for i in due_day_4 if i.owner == external]
    assert mine == ["Watch: How we e-file in this jurisdiction"]
    assert to_elena.subject.startswith(f"{len(mine)} onboarding item")
    assert all(title in to_elena.body for title in mine)
    assert f"/f/avery/onboarding/engagements/{engagement.pk}/#item-" in to_elena.body


def test_done_items_are_not_reminded(firm, engagement, selected, ops):
    plan = _plan(firm, engagement, ops)
    with firm_scope(firm):
        for item in PlanItem.objects.filter(plan=plan, day=2):
            services.plan_item_update(
                firm=firm, actor=ops, membership=ops.memberships.get(), item=item, done=True
            )
    day_1_noon = datetime.datetime.combine(DAY_1, datetime.time(12), tzinfo=CHICAGO)
    assert plan_due_tomorrow(firm, day_1_noon) == 0


def test_overdue_items_are_listed_for_the_partners_dashboard(
    rf, firm, engagement, selected, ops, partner, members
):
    plan = _plan(firm, engagement, ops)
    today = DAY_1 + datetime.timedelta(days=3)
    with firm_scope(firm):
        overdue = selectors.overdue_items(firm=firm, today=today)
        assert overdue and all(i.due_on < today and not i.done for i in overdue)
        first = overdue[0]
        services.plan_item_update(
            firm=firm, actor=ops, membership=ops.memberships.get(), item=first, done=True
        )
        assert first not in selectors.overdue_items(firm=firm, today=today)
        assert {i.pk for i in selectors.overdue_items(firm=firm, today=DAY_1)} == set()
    # The include renders the firm's real overdue list (today is long after DAY_1 in this test run).
    request = rf.get("/")
    request.user, request.firm = partner, firm
    with firm_scope(firm):
        request.membership = members[Role.PARTNER].memberships.get()
        html = render_to_string(
            "onboarding/_overdue_panel.html", {"request": request, "membership": request.membership}
        )
        count = PlanItem.objects.filter(plan=plan, done=False).count()
    assert "Overdue onboarding items" in html and html.count("#item-") == min(count, 20)
    assert engagement.name in html
