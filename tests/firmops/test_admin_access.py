"""The admin is staff's alone: everyone else, the external professional included, gets the site's 404."""

import importlib
import re

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import firmops.urls
from firmops.models import Role
from tests.factories import PASSWORD, UserFactory

ADMIN_URLS = (
    "/admin/",
    "/admin/login/",
    "/admin/logout/",
    "/admin/firmops/firm/",
    "/admin/firmops/user/1/change/",
    "/admin/firmops/user",  # no slash: no redirect that would confirm the page exists
    "/admin/no-such-page/",
)


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@firmops.test", is_staff=True, is_superuser=True)


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')  # masked afresh on every page


def _not_found_page(client, path: str) -> str:
    """The page as the person sees it, less the address they typed and the sign-out form's token."""
    response = client.get(path)
    assert response.status_code == 404, f"{path} → {response.status_code}"
    return CSRF_TOKEN.sub("TOKEN", response.content.decode().replace(path, "PATH"))


def test_anonymous_visitors_get_the_ordinary_404_on_every_admin_url(client, db):
    ordinary = _not_found_page(client, "/no-such-page/")
    for path in ADMIN_URLS:
        page = _not_found_page(client, path)
        assert page == ordinary, path
        assert "Django administration" not in page and "Log in" not in page


@pytest.mark.parametrize("role", Role.values)
def test_no_firm_member_reaches_the_admin(client_for, members, role):
    client = client_for(members[role])
    ordinary = _not_found_page(client, "/no-such-page/")
    for path in ADMIN_URLS:
        assert _not_found_page(client, path) == ordinary, f"{role}: {path}"


def test_the_admin_login_form_does_not_take_a_password_even_staffs(client, staff):
    answer = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert answer.status_code == 404
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 404


def test_staff_sign_in_like_everyone_else_and_then_reach_the_admin(client, staff, firm):
    signed_in = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    index = client.get("/admin/")
    assert index.status_code == 200 and "Site administration" in index.content.decode()
    firms = client.get("/admin/firmops/firm/")
    assert firms.status_code == 200 and "Avery &amp; Stone LLP" in firms.content.decode()
    # The login page, for staff already in, is a way back to the index.
    assert client.get("/admin/login/")["Location"] == "/admin/"


def test_staff_without_superuser_rights_see_the_index_and_nothing_else(client_for, db):
    helper = UserFactory(email="helper@firmops.test", is_staff=True)
    client = client_for(helper)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/firmops/firm/").status_code == 403  # Django's own model permissions


@pytest.fixture
def admin_moved():
    """The URLconf as it is built with ADMIN_PATH=back-office/7f3a in the environment."""
    with override_settings(ADMIN_PATH="back-office/7f3a/"):
        importlib.reload(firmops.urls)
        clear_url_caches()
        yield
    importlib.reload(firmops.urls)
    clear_url_caches()


def test_admin_path_moves_the_admin_and_frees_admin(admin_moved, client_for, staff):
    client = client_for(staff)
    assert client.get("/back-office/7f3a/").status_code == 200
    assert client.get("/admin/").status_code == 404
    client.logout()
    assert client.get("/back-office/7f3a/login/").status_code == 404
