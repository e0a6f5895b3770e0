"""`{% firm_nav %}`: the shared layout's firm navigation, drawn once per firm, role and section.

The navigation reads no rows: its links follow from the firm's slug, the member's role and the
section the page lies in, and all three are in the cache key, so a new role or slug draws anew
on the very next page and one firm's or role's links can never be served to another. That also
makes a cache in each process right for it (the "fragments" cache, local memory): there is
nothing another process could change, and a Redis round trip would cost about half of what
drawing it does (~0.4 ms of CPU per page).
"""

from django import template
from django.core.cache import caches
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()
TEMPLATE = "firmops/_firm_nav.html"


def section_of(path: str, root: str) -> str:
    """The page's first folder inside the firm ('/f/x/audit/' for '/f/x/audit/periods/3/'), or ''."""
    if not path.startswith(root):
        return ""
    head, slash, _ = path[len(root) :].partition("/")
    return f"{root}{head}/" if head and slash else ""


@register.simple_tag(takes_context=True)
def firm_nav(context) -> str:
    firm, membership, request = context["firm"], context.get("membership"), context.get("request")
    # A page may name a firm it is not the member's page of (the SSO sign-in's answer): no role.
    role = membership.role if membership is not None else ""
    path = request.path if request is not None else ""
    root = reverse("firm:dashboard", args=[firm.slug])
    section, on_dashboard = section_of(path, root), path == root
    key = f"firm_nav:{firm.pk}:{firm.slug}:{role}:{section}:{on_dashboard:d}"
    cache = caches["fragments"]
    html = cache.get(key)
    if html is None:
        values = {"firm": firm, "role": role, "section": section, "on_dashboard": on_dashboard}
        html = render_to_string(TEMPLATE, values)
        cache.set(key, html, timeout=None)
    return mark_safe(html)  # drawn from our template with autoescaping on
