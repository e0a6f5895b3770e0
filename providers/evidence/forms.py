"""Forms of the evidence pages; what a document may be is the service's call (providers.evidence.services)."""

from __future__ import annotations

from django import forms

from firmops.models import Firm
from providers.evidence.files import max_bytes
from providers.evidence.models import EvidenceDocument, EvidenceKind
from providers.models import Professional, Provider, ProviderModel

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,application/pdf,image/png,image/jpeg"


class EvidenceForm(forms.Form):
    """Add a document to a provider or one of its professionals, or a new version of one."""

    kind = forms.ChoiceField(choices=EvidenceKind.choices, label="Document")
    professional = forms.ModelChoiceField(
        queryset=Professional.objects.all_firms().none(),
        required=False,
        empty_label="The provider itself",
        label="Whose document",
    )
    title = forms.CharField(
        max_length=200, required=False, label="Title", help_text="For “Other”: what the document is."
    )
    issued_on = forms.DateField(required=False, widget=_DATE, label="Issue date")
    expires_on = forms.DateField(
        required=False,
        widget=_DATE,
        label="Expiry date",
        help_text="Required for insurance certificates, SOC 2 reports and ISO 27001 certificates.",
    )
    file = forms.FileField(
        label="File",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text="PDF, PNG, JPEG or Word (.docx), up to {mb} MB.",
    )
    replaces = forms.ModelChoiceField(
        queryset=EvidenceDocument.objects.all_firms().none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, firm: Firm, provider: Provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = Professional.objects.for_firm(firm).filter(provider=provider)
        self.fields["replaces"].queryset = EvidenceDocument.objects.for_firm(firm).filter(
            provider=provider, superseded_at__isnull=True
        )
        self.fields["file"].help_text = self.fields["file"].help_text.format(mb=max_bytes() // (1024 * 1024))


class RequirementsForm(forms.Form):
    """Per provider model, the kinds of evidence the firm requires before trusting it with access."""

    REQUIRABLE = [(k, label) for k, label in EvidenceKind.choices if k != EvidenceKind.OTHER]

    def __init__(self, *args, current: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        for model, label in ProviderModel.choices:
            self.fields[model] = forms.MultipleChoiceField(
                choices=self.REQUIRABLE,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=f"Required of a {label.lower()}",
                initial=current.get(model, []),
            )
