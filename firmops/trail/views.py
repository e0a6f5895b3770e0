"""The audit trail page: what changed in the firm, who changed it, when."""

from django.shortcuts import render

from firmops.models import Role
from firmops.permissions import role_required
from firmops.trail.selectors import trail_for, trail_table_names


@role_required(Role.PARTNER)
def trail(request, firm_slug: str):
    names = trail_table_names()
    table = request.GET.get("table", "")
    table = table if table in names else ""
    row = request.GET.get("row", "")[:64] if table else ""  # one object's history: ?table=…&row=<pk>
    records = trail_for(firm=request.firm, table=table, row_pk=row)
    rows = [(r, names.get(r.table, r.table), r.changed_fields()) for r in records]
    context = {"rows": rows, "tables": sorted(names.items(), key=lambda kv: kv[1]), "table": table}
    return render(request, "firmops/trail.html", {**context, "row": row, "row_label": names.get(table, "")})
