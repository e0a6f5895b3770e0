"""Error pages: the API answers in JSON even for an address no route matches or a request Django refuses."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.views.defaults import bad_request as bad_request_page
from django.views.defaults import page_not_found


def _api(request) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def _why(exception) -> str:
    """What Django refused, in the client's terms (its own messages name settings, not limits)."""
    if isinstance(exception, TooManyFieldsSent):
        return f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields."
    if isinstance(exception, TooManyFilesSent):
        return f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files."
    if isinstance(exception, RequestDataTooBig):
        return f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
    return "Bad request."


def bad_request(request, exception=None):
    """Django refused the request (too many fields, say): JSON under /api/, the 400 page elsewhere."""
    if _api(request):
        return JsonResponse({"detail": _why(exception)}, status=400)
    return bad_request_page(request, exception)
