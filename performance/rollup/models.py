"""The performance rollups: each row sums what one engagement's work items or hour entries did in a week.

Never written by the app: database triggers (performance/rollup/triggers.py) keep them in the same
transaction as the rows they sum, however those rows change. A week is a Monday in the firm's time
zone, as on every performance page (performance.weeks).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from firmops.tenancy import FirmOwned

_SUM = dict(max_digits=14, decimal_places=2)


class WorkWeek(FirmOwned):
    """Work items of one (engagement, category, professional) in one week.

    `assigned` counts the items assigned that week; the rest describe the items delivered that week:
    how many, their turnaround hours summed, how many of those with a due date came on time or late,
    and the professional's hours they carried. Open backlog at any week's end follows from these
    (everything assigned before it less everything delivered before it).
    """

    audit_trail = False  # derived from work items, whose every change the trail already records
    kept_by_triggers = True  # never written by the app: copies of a firm's rows leave it out

    engagement = models.ForeignKey("firmops.Engagement", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=60)
    professional = models.ForeignKey("providers.Professional", on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    assigned = models.IntegerField()
    delivered = models.IntegerField()
    turnaround_hours = models.DecimalField(**_SUM)
    on_time = models.IntegerField()
    late = models.IntegerField()
    hours = models.DecimalField(**_SUM)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "engagement", "week", "category", "professional"],
                name="performance_workweek_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.week}: {self.assigned} assigned, {self.delivered} delivered"


class HourWeek(FirmOwned):
    """Attorney non-billable hours of one (engagement, attorney, category) in one week.

    HourEntry holds only non-billable hours (the audit baseline they are measured against is
    non-billable time), so there is no billable column to split by; the category is kept instead,
    for the "still done by attorneys" signal.
    """

    audit_trail = False
    kept_by_triggers = True

    engagement = models.ForeignKey("firmops.Engagement", on_delete=models.CASCADE, related_name="+")
    attorney = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    category = models.CharField(max_length=60, blank=True)
    entries = models.IntegerField()
    hours = models.DecimalField(**_SUM)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "engagement", "week", "attorney", "category"],
                name="performance_hourweek_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.attorney_id} {self.week}: {self.hours} h"


class ProfessionalWeek(FirmOwned):
    """Work delivered by one professional on one engagement in one week, all categories together.

    The same deliveries as WorkWeek without the category: what ROI reads for the months before the
    weeks a page shows (one row a week per professional, not one per category too).
    """

    audit_trail = False
    kept_by_triggers = True

    engagement = models.ForeignKey("firmops.Engagement", on_delete=models.CASCADE, related_name="+")
    professional = models.ForeignKey("providers.Professional", on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    delivered = models.IntegerField()
    hours = models.DecimalField(**_SUM)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "engagement", "week", "professional"], name="performance_professionalweek_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.professional_id} {self.week}: {self.hours} h"


class LoggedWeek(FirmOwned):
    """Attorney non-billable hours of one engagement in one week, every attorney and category together:
    a row is a week someone logged (ROI counts those weeks)."""

    audit_trail = False
    kept_by_triggers = True

    engagement = models.ForeignKey("firmops.Engagement", on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    entries = models.IntegerField()
    hours = models.DecimalField(**_SUM)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "engagement", "week"], name="performance_loggedweek_key")
        ]

    def __str__(self) -> str:
        return f"{self.week}: {self.hours} h"
