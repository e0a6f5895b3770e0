"""Forms of the audit pages: they translate input; the rules live in audit.services."""

from __future__ import annotations

from django import forms

from audit.classifier import BUCKETS, CATEGORIES
from audit.models import HISTORICAL_DAYS_MAX, LIVE_DAYS_MAX, MAX_MINUTES, AuditPeriod
from audit.services import DESCRIPTION_MAX, MATTER_MAX
from firmops.models import Engagement, Firm, Stage, User
from firmops.permissions import STAFF
from firmops.selectors import firm_members


def _staff_users(firm: Firm):
    return User.objects.filter(pk__in=[m.user_id for m in firm_members(firm=firm, roles=STAFF)]).order_by(
        "first_name", "last_name", "email"
    )


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name if obj.get_full_name() else obj.email


class _PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name()} ({obj.email})" if obj.get_full_name() else obj.email


class PeriodForm(forms.Form):
    engagement = forms.ModelChoiceField(queryset=Engagement.objects.all_firms().none())
    starts_on = forms.DateField(label="First day", widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(
        min_value=1,
        max_value=HISTORICAL_DAYS_MAX,
        initial=7,
        label="Length in days",
        help_text=f"Up to {LIVE_DAYS_MAX} days for a week people log; up to a year for a historical period.",
    )
    historical = forms.BooleanField(
        required=False,
        label="Historical period: past dates, filled by importing the firm's time records",
        help_text="Nobody logs into it and nobody is reminded; the hit list averages its weeks.",
    )
    participants = _PeopleChoice(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Who logs their tasks (and gets a reminder on days they log nothing). "
        "A historical period has none.",
    )

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = Engagement.objects.for_firm(firm).exclude(stage=Stage.CLOSED)
        self.fields["participants"].queryset = _staff_users(firm)

    def clean(self):
        data = super().clean()
        if data.get("historical"):
            data["participants"] = []  # the ticked defaults mean nothing for an import's period
        return data


class ParticipantsForm(forms.Form):
    participants = _PeopleChoice(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _staff_users(firm)


class EntryForm(forms.Form):
    """The quick-add form: description first, so Enter there saves the task."""

    # The limits are the service's (audit.entry_fields_errors), so a refused entry reads the same
    # whether the browser checked it first or not; the widget keeps min/max for the phone's keypad.
    description = forms.CharField(
        required=False,
        label="What did you do?",
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "maxlength": DESCRIPTION_MAX,
                "placeholder": "e.g. summarized Lee depo transcript",
            }
        ),
    )
    minutes = forms.IntegerField(
        required=False,
        error_messages={"invalid": "Minutes must be a whole number, e.g. 45."},
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "placeholder": "min", "min": 1, "max": MAX_MINUTES}
        ),
        help_text="Or use the timer.",
    )
    performed_on = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}))
    matter = forms.CharField(
        max_length=MATTER_MAX, required=False, widget=forms.TextInput(attrs={"placeholder": "optional"})
    )
    billable = forms.BooleanField(required=False)
    performer = _PersonChoice(
        queryset=User.objects.none(), required=False, label="Who did it", empty_label=None
    )

    def __init__(self, *args, firm: Firm, period: AuditPeriod, may_log_for_others: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.fields["performed_on"].widget.attrs.update(
            min=f"{period.starts_on:%Y-%m-%d}", max=f"{period.ends_on:%Y-%m-%d}"
        )
        if may_log_for_others:
            self.fields["performer"].queryset = _staff_users(firm)
        else:
            del self.fields["performer"]


class OverrideForm(forms.Form):
    bucket = forms.ChoiceField(choices=[(b, b.capitalize()) for b in BUCKETS])
    category = forms.ChoiceField(choices=[(c.slug, c.label) for c in CATEGORIES.values()])


class RateForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    hourly_rate = forms.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=0,
        required=False,
        label="Own hourly cost ($)",
        help_text="Blank: the firm's rate for the role.",
    )
