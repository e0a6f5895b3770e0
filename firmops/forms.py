from django import forms
from django.core.exceptions import ValidationError

from firmops.models import Firm, Role


class FirmCreateForm(forms.Form):
    name = forms.CharField(max_length=200, label="Firm name")
    slug = forms.SlugField(
        max_length=60,
        required=False,
        label="Short name in links",
        help_text="Letters, digits and dashes; blank: made from the name.",
    )
    time_zone = forms.CharField(max_length=64, initial="America/New_York")


class FirmSettingsForm(forms.ModelForm):
    class Meta:
        model = Firm
        fields = [
            "name",
            "time_zone",
            "core_hours_start",
            "core_hours_end",
            "require_mfa_for_partners",
            "mfa_required_roles",
            "rate_partner",
            "rate_attorney",
            "rate_paralegal",
            "rate_ops",
            "rate_outsourced",
            "associate_annual_cost",
        ]
        widgets = {
            "core_hours_start": forms.TimeInput(attrs={"type": "time"}),
            "core_hours_end": forms.TimeInput(attrs={"type": "time"}),
        }

    # Partners have their own switch above; any other role a firm chooses is listed here.
    mfa_required_roles = forms.MultipleChoiceField(
        choices=[(value, label) for value, label in Role.choices if value != Role.PARTNER],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Also require two-factor authentication for",
        help_text="Members with these roles set up an authenticator app before they see engagement data.",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("core_hours_start"), data.get("core_hours_end")
        if start and end and end <= start:
            self.add_error("core_hours_end", "The working day must end after it starts.")
        return data


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message under the field it names, the rest
    on the form as a whole, so the page shows the service's refusal where the person will look."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, messages in errors.items():
        form.add_error(name if name in form.fields else None, messages)
