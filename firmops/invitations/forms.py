from django import forms
from django.contrib.auth.password_validation import validate_password

from firmops.models import Role


class InvitationForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices)


class InvitationSignupForm(forms.Form):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    password = forms.CharField(widget=forms.PasswordInput, label="Choose a password")

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password
