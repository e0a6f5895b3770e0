from allauth import urls as allauth_urls
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from firmops.invitations import views as invitations
from firmops.sso import views as sso
from firmops.views import home

FIRM = "f/<slug:firm_slug>/"
# allauth's pages without its unnamed legacy redirects (social/… → 3rdparty/…), which nothing links to.
ALLAUTH_URLS = [p for p in allauth_urls.urlpatterns if not (isinstance(p, URLPattern) and p.name is None)]
API_FIRM = "api/v1/firms/<slug:firm_slug>/"

urlpatterns = [
    path("", home.home, name="home"),
    path("firms/new/", home.firm_new, name="firm_new"),
    path("accounts/login/", sso.PasswordLoginView.as_view(), name="account_login"),  # before allauth's
    path("accounts/sso/", sso.sso_start, name="sso_start"),
    path("accounts/", include(ALLAUTH_URLS)),
    path("invite/<str:token>/", invitations.invitation_accept_view, name="invitation_accept"),
    path("q/", include("providers.questionnaires.public_urls")),
    path("s/", include("performance.surveys.public_urls")),
    path(FIRM, include("firmops.firm_urls")),
    path(FIRM + "notifications/", include("firmops.messaging.urls")),
    path(FIRM + "audit/", include("audit.urls")),
    path(FIRM + "vetting/", include("providers.urls")),
    path(FIRM + "onboarding/", include("onboarding.urls")),
    path(FIRM + "performance/", include("performance.urls")),
    path("api/v1/", include("firmops.api.urls")),
    path(API_FIRM + "audit/", include("audit.api.urls")),
    path(API_FIRM + "vetting/", include("providers.api.urls")),
    path(API_FIRM + "onboarding/", include("onboarding.api.urls")),
    path(API_FIRM + "performance/", include("performance.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Pages for people: anonymous visitors go to the sign-in page, not to the schema's bare 403.
    path(
        "api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="api-docs"
    ),
    path("api/redoc/", login_required(SpectacularRedocView.as_view(url_name="schema")), name="api-redoc"),
]
# Last, so firmops's own pages win; a first part they use would hide the admin's pages behind them.
_taken = {str(p.pattern).split("/")[0] for p in urlpatterns} | {"static", "media"}
if settings.ADMIN_PATH.split("/")[0] in _taken:
    raise ImproperlyConfigured(
        f"ADMIN_PATH={settings.ADMIN_PATH!r} starts where firmops's pages live "
        f"(/{settings.ADMIN_PATH.split('/')[0]}/): choose another first part."
    )
urlpatterns.append(path(settings.ADMIN_PATH, admin.site.urls))

handler400 = "firmops.views.errors.bad_request"  # JSON under /api/, the 400 page elsewhere
handler404 = "firmops.views.errors.not_found"  # JSON under /api/, the 404 page elsewhere
