"""The client's address, behind a configured number of proxies, and in every
audit row.

Finding: behind the proxy in docs/deploy.md every visitor shared one address,
so 60 failed sign-ins locked out all staff and the share limit became five an
hour for the whole county.
"""

import pytest
from django.test import RequestFactory

from core.addresses import client_address
from feedback.models import ExperienceEvent
from tests.factories import ExperienceFactory


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "proxies, remote, forwarded, expected",
    [
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy: no header
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # spoofed left
        (2, "10.0.0.3", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "10.0.0.3", "198.51.100.1", "10.0.0.3"),  # too few: the proxy
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
        (1, "10.0.0.2", None, "10.0.0.2"),
    ],
)
def test_the_client_is_read_that_many_proxies_from_the_right(
    settings, proxies, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request_from(remote, forwarded)) == expected


def test_an_audit_row_written_in_a_request_records_where_it_came_from(
    user_with_role, client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    experience = ExperienceFactory()
    client.force_login(user_with_role("Moderator"))

    client.post(
        f"/admin/feedback/experience/{experience.pk}/moderate/",
        {"action": "claim"},
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7",
    )

    event = ExperienceEvent.objects.get(action=ExperienceEvent.Action.CLAIMED)
    assert event.address == "198.51.100.7"


def test_an_audit_row_written_outside_a_request_has_no_address(db):
    experience = ExperienceFactory()
    event = ExperienceEvent.objects.create(
        experience=experience, action=ExperienceEvent.Action.SUBMITTED
    )
    assert event.address is None
