from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """After login, people land on their firm's home (or the firm picker)."""

    def get_login_redirect_url(self, request) -> str:
        return reverse("home")
