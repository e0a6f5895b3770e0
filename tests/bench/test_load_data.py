"""generate_load_data: realistic firms fast, each firm's rows its own, refused on a database that has them."""

from datetime import date

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command

from audit.models import TaskEntry
from bench.loaddata import PASSWORD, generate, plan
from firmops.models import Engagement, Firm, Membership, Role
from firmops.tenancy import firm_owned_models, firm_scope
from performance.models import WorkItem
from providers.models import Answer, Questionnaire


def test_plan_gives_the_big_firm_its_counts_a_tenth_to_the_second_and_shares_the_rest():
    counts = plan(firms=5, entries=2_000, big_entries=1_000, big_work=400)
    assert [c.entries for c in counts] == [1_000, 100, 300, 300, 300]
    assert [c.work_items for c in counts] == [400, 40, 0, 0, 0]


@pytest.mark.django_db(transaction=True)
def test_generated_firms_are_complete_separate_and_sized_as_asked():
    generate(firms=3, entries=330, big_entries=300, big_work=100, say=lambda _: None)
    firms = list(Firm.objects.filter(slug__startswith="load-").order_by("pk"))
    assert [f.slug for f in firms] == ["load-0", "load-1", "load-2"]
    entries = {}
    for firm in firms:
        with firm_scope(firm):
            members = {m.user_id: m for m in Membership.objects.select_related("user")}
            assert {m.role for m in members.values()} == set(Role.values)
            assert all(check_password(PASSWORD, m.user.password) for m in members.values())
            # Every entry is classified and logged by one of this firm's own people.
            assert not TaskEntry.objects.exclude(performer_id__in=list(members)).exists()
            assert not TaskEntry.objects.filter(category="").exists()
            submitted = Questionnaire.objects.filter(submitted_at__isnull=False)
            assert submitted.exists()
            assert Answer.objects.filter(questionnaire__in=submitted, score__isnull=False).exists()
            entries[firm.slug] = TaskEntry.objects.count()
            work = WorkItem.objects.count()
            if firm.slug != "load-0":  # copied rows name their own firm, never the template they came from
                for model in firm_owned_models():
                    text = str(list(model.objects.values()))
                    assert "Load Firm 0 LLP" not in text and "@load-0." not in text, model.__name__
        if firm.slug == "load-0":
            assert work >= 100
            with firm_scope(firm):
                # Two engagements as busy each week as the main one, 26 and 156 weeks old, with the
                # same open backlog: they differ only in how long they have run.
                history = {
                    e.name: (
                        WorkItem.objects.filter(engagement=e).count(),
                        WorkItem.objects.filter(engagement=e, delivered_at__isnull=True).count(),
                        (e.started_on, e.performance_plans.get().began_on),
                    )
                    for e in Engagement.objects.filter(name__startswith="History: ")
                }
                (young, young_open, (started, began)), (old, old_open, _) = (
                    history["History: 6 months"],
                    history["History: 3 years"],
                )
                assert (young, old) == (26 * 2, 156 * 2) and young_open == old_open > 0
            assert started == began and (date.today() - began).days in (181, 182, 183)
    # Each firm starts from the same seeded rows; on top: 300, a tenth of it, and the rest.
    assert entries["load-0"] - entries["load-2"] == 300 - 0
    assert entries["load-1"] - entries["load-2"] == 30 - 0


@pytest.mark.django_db(transaction=True)
def test_a_second_run_on_the_same_database_is_refused_with_a_clear_message():
    Firm.objects.create(name="Load Firm 0 LLP", slug="load-0")
    with pytest.raises(CommandError, match="already holds load data"):
        call_command("generate_load_data", "--firms", "1", "--entries", "10")


@pytest.mark.django_db
def test_the_command_names_what_is_missing():
    with pytest.raises(CommandError, match="--size, or --firms N"):
        call_command("generate_load_data", "--entries", "10")
