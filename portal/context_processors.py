"""Template context shared by every page."""

from django.conf import settings

NAV_SECTIONS = {
    "letters:list": "letters",
    "letters:detail": "letters",
    "letters:inspection": "letters",
    "letters:areas": "areas",
    "letters:area": "areas",
    "search": "search",
    "feedback:start": "share",
    "feedback:step": "share",
    "feedback:check": "share",
    "feedback:confirmation": "share",
    "feedback:experiences": "experiences",
    "feedback:responses": "responses",
    "feedback:responses-year": "responses",
    "feedback:response": "responses",
    "plans:index": "progress",
    "plans:action": "progress",
    "consultations:list": "consultations",
    "consultations:detail": "consultations",
}


def service(request):
    match = getattr(request, "resolver_match", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
        "nav_section": NAV_SECTIONS.get(match.view_name) if match else None,
    }
