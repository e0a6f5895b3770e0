from decimal import Decimal

from django.core.management import call_command

from audit.models import AuditPeriod, ClassificationOverride, TaskEntry
from audit.selectors import hit_list
from firmops.models import Firm
from firmops.tenancy import firm_scope


def test_the_demo_audit_week_makes_a_meaningful_hit_list_and_seeding_twice_changes_nothing(db):
    call_command("seed_demo")
    call_command("seed_demo")
    firm = Firm.objects.get(slug="demo")
    with firm_scope(firm):
        (period,) = AuditPeriod.objects.all()
        entries = TaskEntry.objects.filter(period=period)
        assert 55 <= entries.count() <= 70
        assert set(entries.values_list("performer_role", flat=True)) == {"attorney", "paralegal", "partner"}
        assert ClassificationOverride.objects.count() == 1
        rows = hit_list(firm=firm, period=period)
    assert len(rows) >= 12
    assert {r.bucket for r in rows} == {"core", "outsourceable"}
    assert rows[0].recoverable_weekly > 1000 and rows[0].bucket == "outsourceable"
    assert (rows.unsorted.entries, rows.unsorted.hours) == (1, Decimal("0.58"))  # shown as not yet sorted
