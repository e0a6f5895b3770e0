"""A firm's data belongs to the firm: take all of it out, or have all of it deleted, with proof.

`archive` writes the zip (`manage.py export_firm` and the partner's export both), `exports` builds and
sweeps the partner's export jobs, `deletion` deletes a firm (`manage.py delete_firm` and the scheduled
deletion), `services` is what pages and the API call, `views`/`api` are those pages and endpoints.
"""

from firmops.ownership.archive import firm_export, firm_export_write
from firmops.ownership.deletion import FILES_LEFT, deletion_record, firm_delete, firm_row_counts

__all__ = [
    "FILES_LEFT",
    "deletion_record",
    "firm_delete",
    "firm_export",
    "firm_export_write",
    "firm_row_counts",
]
