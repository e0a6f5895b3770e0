"""Forms of the role page: the ticked categories, and every field of the role and of each category."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from firmops.models import Membership, User
from providers.models import Professional, RoleCategory, RoleDefinition
from providers.roles.services import ROLE_FIELDS

_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class TickForm(forms.Form):
    """The categories a partner ticks on the hit list; the service decides which are allowed."""

    categories = forms.MultipleChoiceField(
        choices=(), widget=forms.CheckboxSelectMultiple, error_messages={"required": "Tick at least one."}
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = choices


class _MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class RoleForm(forms.Form):
    """The role's fields, then per category: label, hours, attorney hours, skills, turnaround."""

    title = forms.CharField(max_length=200)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    tools = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="One system per line."
    )
    time_zone = forms.CharField(max_length=64, label="Time zone of the core hours")
    core_hours_start = forms.TimeField(widget=_TIME, label="Core hours start")
    core_hours_end = forms.TimeField(widget=_TIME, label="Core hours end")
    security = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="One requirement per line."
    )
    assigns_work = _MemberChoice(queryset=User.objects.none(), required=False, label="Assigns the work")
    answers_questions = _MemberChoice(
        queryset=User.objects.none(), required=False, label="Answers case questions"
    )
    reporting_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    budget_rate = forms.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0"),
        label="Budget hourly rate ($)",
        help_text="The most the firm pays an hour: the comparison marks candidates above it.",
    )

    def __init__(
        self,
        *args,
        role: RoleDefinition,
        rows: list[RoleCategory],
        members: list[Membership],
        **kwargs,
    ):
        initial = {name: getattr(role, name) for name in ROLE_FIELDS}
        for row in rows:
            for name in ("label", "hours_per_week", "attorney_hours_per_week", "skills", "turnaround"):
                initial[f"{row.category}.{name}"] = getattr(row, name)
        super().__init__(*args, initial=initial, **kwargs)
        users = User.objects.filter(pk__in=[m.user_id for m in members])
        for name in ("assigns_work", "answers_questions"):
            self.fields[name].queryset = users
        for name in role.edited_fields:
            if name in self.fields:
                self.fields[
                    name
                ].label = f"{self.fields[name].label or name.replace('_', ' ').capitalize()} · edited"
        self.rows = rows
        for row in rows:
            p = f"{row.category}."
            self.fields[p + "label"] = forms.CharField(max_length=200, label="Task")
            self.fields[p + "hours_per_week"] = forms.DecimalField(
                max_digits=6, decimal_places=2, min_value=Decimal("0"), label="Hours a week"
            )
            self.fields[p + "attorney_hours_per_week"] = forms.DecimalField(
                max_digits=6, decimal_places=2, min_value=Decimal("0"), label="Of which attorneys' now"
            )
            self.fields[p + "skills"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Skills"
            )
            self.fields[p + "turnaround"] = forms.CharField(
                max_length=200, required=False, label="Turnaround"
            )
            for name in row.edited_fields:
                if p + name in self.fields:
                    self.fields[p + name].label += " · edited"

    def role_fields(self) -> list:
        return [self[name] for name in ROLE_FIELDS]

    def category_rows(self) -> list[tuple[RoleCategory, list]]:
        names = ("label", "hours_per_week", "attorney_hours_per_week", "skills", "turnaround")
        return [(row, [self[f"{row.category}.{n}"] for n in names]) for row in self.rows]

    def values(self) -> tuple[dict, list[dict]]:
        data = self.cleaned_data
        fields = {name: data[name] for name in ROLE_FIELDS}
        categories = []
        for row in self.rows:
            p = f"{row.category}."
            categories.append(
                {"category": row.category} | {k[len(p) :]: v for k, v in data.items() if k.startswith(p)}
            )
        return fields, categories


class PriceAtForm(forms.Form):
    """Price the role at one candidate's rate (GET)."""

    professional = forms.ModelChoiceField(
        queryset=Professional.objects.all_firms().none(), required=False, label="Price at the rate of"
    )

    def __init__(self, *args, candidates: list[Professional], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["professional"]
        if candidates:
            field.queryset = (
                Professional.objects.for_firm(candidates[0].firm_id)
                .filter(pk__in=[c.pk for c in candidates])
                .select_related("provider")
            )
        field.label_from_instance = lambda p: f"{p.name} ({p.provider.name}) — ${p.hourly_rate}/h"
        field.empty_label = "the selected professional, else the budget rate"
