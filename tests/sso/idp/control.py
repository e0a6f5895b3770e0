"""The test session's hand on the IdP's directory: users, groups, clients, token lifetime.

An administrator's console in a real IdP; here one JSON endpoint guarded by a bearer secret.
"""

import hmac
import json
import os

from django.contrib.auth.models import Group, User
from django.http import HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import Application
from oauth2_provider.settings import oauth2_settings


@csrf_exempt
def control(request):
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not hmac.compare_digest(given, os.environ["IDP_CONTROL_TOKEN"]):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    action = data.pop("action")
    if action == "user":
        user, _ = User.objects.get_or_create(username=data["email"])
        user.email = data["email"]
        user.first_name, user.last_name = data.get("first_name", ""), data.get("last_name", "")
        user.is_active = data.get("active", True)
        user.set_password(data["password"])
        user.save()
        user.groups.set([Group.objects.get_or_create(name=g)[0] for g in data.get("groups", [])])
        return JsonResponse({"sub": str(user.pk)})
    if action == "client":
        app, _ = Application.objects.update_or_create(
            client_id=data["client_id"],
            defaults={
                "name": data["client_id"],
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": " ".join(data["redirect_uris"]),
                "algorithm": Application.RS256_ALGORITHM,
                "skip_authorization": True,
                "hash_client_secret": False,
            },
        )
        app.client_secret = data["client_secret"]
        app.save()
        return JsonResponse({"client_id": app.client_id})
    if action == "id_token_seconds":
        oauth2_settings.ID_TOKEN_EXPIRE_SECONDS = int(data["seconds"])
        return JsonResponse({"seconds": oauth2_settings.ID_TOKEN_EXPIRE_SECONDS})
    return JsonResponse({"error": f"unknown action {action!r}"}, status=400)
