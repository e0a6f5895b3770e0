from django.conf import settings
from django.db import models
from django.utils import timezone

from firmops.tenancy import FirmOwned


class ChangeRecord(FirmOwned):
    """One insert, update or delete of a firm's row: who, when, in which request, before and after.

    On PostgreSQL a trigger on every firm table writes these, so bulk updates and raw SQL are
    recorded too, and row-level security lets the app insert and read them but never change them.
    """

    audit_trail = False
    # The trail outlives what it records (and the firm row itself during deletion): no FK constraints.
    firm = models.ForeignKey(
        "firmops.Firm", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    table = models.CharField(max_length=100)
    row_pk = models.CharField(max_length=64)
    action = models.CharField(max_length=1, choices=[("I", "created"), ("U", "changed"), ("D", "deleted")])
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    request_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(default=timezone.now)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)

    class Meta:
        verbose_name = "audit trail record"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["firm", "table", "row_pk"]), models.Index(fields=["firm", "at"])]

    def changed_fields(self) -> dict[str, tuple]:
        """field → (before, after) for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        return {
            k: (before.get(k), after.get(k))
            for k in sorted(set(before) | set(after))
            if before.get(k) != after.get(k)
        }
