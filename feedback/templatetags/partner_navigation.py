"""The partner area's header links: each page the signed-in partner may use
(see feedback.partner_views.partner_links), the current one marked."""

from django import template
from django.urls import reverse

from ..partner_views import READ_SHARED, partner_links

register = template.Library()


@register.simple_tag(takes_context=True, name="partner_links")
def partner_header_links(context) -> list[dict]:
    """[{"label", "url", "section"}]: `section` is the link's own address when
    the page shown is that one or below it (a response under the responses),
    for includes/nav_item.html to mark it current. Permissions are cached on
    the user by the partner gate, so this costs no query."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated or not user.has_perm(READ_SHARED):
        return []
    home = reverse("partners:home")
    links = []
    for label, url_name, permission in partner_links():
        if permission and not user.has_perm(permission):
            continue
        url = reverse(url_name)
        current = request.path == url or (url != home and request.path.startswith(url))
        links.append({"label": label, "url": url, "section": url if current else ""})
    return links
