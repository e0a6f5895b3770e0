"""Forms of the import pages: an upload, and a column mapping. Rules live in audit.imports.services."""

from __future__ import annotations

from django import forms

from audit.imports.mapping import DEFAULT_ROLES, FIELDS, Mapping
from audit.imports.models import ColumnMapping
from audit.imports.services import NAME_MAX
from audit.imports.values import DURATION_UNITS
from audit.models import AuditPeriod
from audit.text_lines import MAX_BYTES
from firmops.models import Firm, Role

NOT_IN_FILE = ""


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="LEDES 1998B invoices (.txt, .ledes), a CSV export of your practice-management tool "
        "(Clio, MyCase, PracticePanther, Smokeball, TimeSolv…), an .xlsx workbook, or firmops' own CSV "
        "(date, person_email, description, minutes[, matter, billable]). "
        f"Up to {MAX_BYTES // 1024 // 1024} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.ledes,.xlsx,text/csv,text/plain"}),
    )
    period = forms.ModelChoiceField(
        queryset=AuditPeriod.objects.all_firms().none(),
        required=False,
        empty_label="The period each row's date falls in",
        help_text="Leave as is unless periods of two engagements overlap.",
    )
    mapping = forms.ModelChoiceField(
        queryset=ColumnMapping.objects.all_firms().none(),
        required=False,
        empty_label="Find it by the file's header row (or map the columns next)",
        label="Saved column mapping",
    )

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = AuditPeriod.objects.for_firm(firm).select_related("engagement")
        self.fields["period"].label_from_instance = lambda p: f"{p.engagement.name}: {p}"
        self.fields["mapping"].queryset = ColumnMapping.objects.for_firm(firm)


class MapForm(forms.Form):
    """A select per firmops field offering the file's columns; the unit, billable sense and default role."""

    duration_unit = forms.ChoiceField(choices=list(DURATION_UNITS.items()), label="The duration is in")
    billable_inverted = forms.BooleanField(
        required=False, label="The billable column says “non-billable” (yes = not billed)"
    )
    default_role = forms.ChoiceField(
        choices=[("", "— (each row's title says)")] + [(r, Role(r).label) for r in DEFAULT_ROLES],
        required=False,
        label="People who are not members count as",
        help_text="For a timekeeper the file gives no title for; a member keeps their own role.",
    )
    save_as = forms.CharField(
        max_length=NAME_MAX,
        required=False,
        label="Save this mapping as",
        help_text="e.g. “Clio time entries”: next month's export with the same columns needs no mapping.",
    )

    def __init__(self, *args, header: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, "— not in this file —")] + [(h, h) for h in header if h]
        fields = {}
        for name, (label, required, _) in FIELDS.items():
            fields[f"col_{name}"] = forms.ChoiceField(choices=choices, required=required, label=label)
        self.fields = {**fields, **self.fields}

    @classmethod
    def initial_for(cls, mapping: Mapping, *, save_as: str = "") -> dict:
        initial = {f"col_{name}": column for name, column in mapping.columns.items()}
        return {
            **initial,
            "duration_unit": mapping.duration_unit,
            "billable_inverted": mapping.billable_inverted,
            "default_role": mapping.default_role,
            "save_as": save_as,
        }

    def mapping(self) -> Mapping:
        data = self.cleaned_data
        columns = {name: data[f"col_{name}"] for name in FIELDS if data.get(f"col_{name}")}
        return Mapping.from_dict(
            {
                "columns": columns,
                "duration_unit": data["duration_unit"],
                "billable_inverted": data["billable_inverted"],
                "default_role": data["default_role"],
            }
        )
