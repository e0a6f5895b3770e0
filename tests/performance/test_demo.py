"""The demo engagement tells the performance story from real rows, and seeding it twice changes nothing."""

from django.core.management import call_command
from django.utils import timezone

from firmops.models import Engagement, Firm
from firmops.tenancy import firm_scope
from performance.dashboard import engagement_performance
from performance.models import CheckIn, HourEntry, ScalingSignal, WorkItem


def test_the_demo_shows_outsourcing_paying_off_and_a_signal_to_scale_and_seeds_once(db):
    call_command("seed_demo")
    firm = Firm.objects.get(slug="demo")
    with firm_scope(firm):
        counts = [m.objects.count() for m in (WorkItem, HourEntry, CheckIn, ScalingSignal)]
    call_command("seed_demo")
    with firm_scope(firm):
        assert [m.objects.count() for m in (WorkItem, HourEntry, CheckIn, ScalingSignal)] == counts
        assert counts[0] > 50 and counts[1] > 50
        kinds = set(ScalingSignal.objects.values_list("kind", flat=True))
        assert "full_capacity" in kinds
        assert CheckIn.objects.filter(status="done").exists()
        engagement = Engagement.objects.get()
        perf = engagement_performance(firm=firm, engagement=engagement, now=timezone.now())
    assert perf.roi.net > 0 and perf.roi.basis == "baseline"
    assert perf.velocity.after_median_days < perf.velocity.before_median_days
    assert perf.satisfaction.recent_average > perf.satisfaction.earlier_average
    # Clients answered the survey link before outsourcing began and since: happier, more promoters.
    before, since = perf.surveys.before, perf.surveys.since
    assert before.sent >= 5 and since.sent >= 3 and before.answered >= 4
    assert since.csat > before.csat and since.nps > before.nps
