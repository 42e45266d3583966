"""The outbox in the staff admin ("Outgoing email"): who may open it, the
address masked for all but the Administrator, each look at an address and a
message audited, filters that answer only what they show, the counts per
state in a fixed number of queries, and "Try again now" for failed emails."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.email import email_retry, mask_email
from core.models import EmailEvent, OutboundEmail

pytestmark = pytest.mark.django_db

ADDRESS = "jo.parent@example.org"
MASKED = "j***@example.org"
LIST = reverse("admin:core_outboundemail_changelist")
ALLOWED = ["Editor", "Moderator", "Administrator"]
REFUSED = ["Safeguarding lead", "Analyst", "Action owner"]
# The list: session, user, permissions, counts, purposes, dates, rows, count;
# the same with 5 emails as with 200.
LIST_QUERIES = 12


def an_email(**fields):
    values = {
        "to": ADDRESS,
        "subject": "We have your experience: ABCD-EFGH",
        "body": "Thank you for telling us. Secret body words.",
        "purpose": "acknowledgement",
        "record": "ABCD-EFGH",
    }
    return OutboundEmail.objects.create(**{**values, **fields})


def change_url(email):
    return reverse("admin:core_outboundemail_change", args=[email.pk])


def contents_url(email):
    return reverse("admin:core_outboundemail_contents", args=[email.pk])


@pytest.fixture
def signed_in(client, user_with_role):
    def sign_in(role):
        client.force_login(user_with_role(role))
        return client

    return sign_in


@pytest.mark.parametrize("role", ALLOWED)
def test_editors_moderators_and_the_administrator_open_the_list_and_an_email(
    signed_in, role
):
    email = an_email()
    client = signed_in(role)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert MASKED in listing.text
    assert "We have your experience (to its author)" in listing.text
    page = client.get(change_url(email))
    assert page.status_code == 200
    assert MASKED in page.text
    assert "We have your experience: ABCD-EFGH" in page.text  # the subject
    assert "Secret body words" not in page.text


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_may_not_open_the_outbox(signed_in, role):
    email = an_email()
    client = signed_in(role)
    assert client.get(LIST).status_code == 403
    assert client.get(change_url(email)).status_code == 403
    assert client.post(contents_url(email)).status_code == 403


@pytest.mark.parametrize("role", ["Editor", "Moderator"])
def test_editors_and_moderators_never_see_an_address_or_a_message(signed_in, role):
    email = an_email(status=OutboundEmail.Status.FAILED, last_error="SMTPException")
    client = signed_in(role)
    for url in [LIST, f"{LIST}?status__exact=failed", change_url(email)]:
        page = client.get(url)
        assert ADDRESS not in page.text, url
        assert "Secret body words" not in page.text, url
        assert "Show address and message" not in page.text, url
        assert "Try again now" not in page.text, url
    assert client.post(contents_url(email)).status_code == 403
    assert not EmailEvent.objects.filter(action=EmailEvent.Action.SEEN).exists()


@pytest.mark.parametrize("role", ["Editor", "Moderator"])
def test_editors_and_moderators_cannot_search_by_address(signed_in, role):
    an_email()
    an_email(to="someone.else@example.org", record="WXYZ-2345")
    client = signed_in(role)
    found = client.get(LIST, {"q": ADDRESS})
    assert found.context["cl"].result_count == 0
    assert client.get(LIST, {"q": "ABCD-EFGH"}).context["cl"].result_count == 1


def test_the_administrator_finds_an_email_by_its_whole_address(signed_in):
    an_email()
    an_email(to="someone.else@example.org", record="WXYZ-2345")
    client = signed_in("Administrator")
    assert client.get(LIST, {"q": ADDRESS.upper()}).context["cl"].result_count == 1
    assert client.get(LIST, {"q": "example.org"}).context["cl"].result_count == 0


def test_the_administrator_sees_the_address_and_message_on_request_audited(
    signed_in,
):
    email = an_email()
    client = signed_in("Administrator")
    page = client.get(change_url(email))
    assert ADDRESS not in page.text
    assert "Show address and message" in page.text
    assert client.get(contents_url(email)).status_code == 405
    assert not EmailEvent.objects.exists()

    shown = client.post(contents_url(email))
    assert shown.status_code == 200
    assert ADDRESS in shown.text
    assert "Secret body words" in shown.text
    event = EmailEvent.objects.get()
    assert event.action == EmailEvent.Action.SEEN
    assert event.email == email
    assert event.actor.username == "administrator"
    assert event.record == "ABCD-EFGH"
    assert ADDRESS not in event.detail


def test_a_message_is_shown_as_text_not_markup(signed_in):
    email = an_email(body='<script>alert("x")</script> Hello')
    shown = signed_in("Administrator").post(contents_url(email))
    assert "<script>alert" not in shown.text
    assert "&lt;script&gt;" in shown.text


def test_nobody_adds_changes_or_deletes_an_email_here(signed_in):
    email = an_email()
    client = signed_in("Administrator")
    assert client.get(reverse("admin:core_outboundemail_add")).status_code == 403
    assert client.post(change_url(email), {"to": "x@example.org"}).status_code == 403
    delete = reverse("admin:core_outboundemail_delete", args=[email.pk])
    assert client.get(delete).status_code == 403
    email.refresh_from_db()
    assert email.to == ADDRESS


def test_the_counts_per_state_head_the_list(signed_in):
    for _ in range(3):
        an_email()
    for _ in range(2):
        an_email(status=OutboundEmail.Status.SENT, sent_at=timezone.now())
    an_email(status=OutboundEmail.Status.FAILED)
    page = signed_in("Editor").get(f"{LIST}?status__exact=sent")
    assert page.context["cl"].result_count == 2
    assert "Waiting to be sent: 3" in page.text
    assert "Sent: 2" in page.text
    assert "Gave up: 1" in page.text
    assert 'href="?status__exact=failed"' in page.text


def test_the_lists_filters_and_dates_find_what_they_say(signed_in):
    an_email()
    an_email(purpose="alert", status=OutboundEmail.Status.SENT)
    an_email(purpose="alert-digest")
    client = signed_in("Editor")
    listing = client.get(LIST)
    assert "Weekly digest of email alerts" in listing.text
    assert client.get(LIST, {"purpose": "alert"}).context["cl"].result_count == 1
    assert client.get(LIST, {"status__exact": "queued"}).context["cl"].result_count == 2
    assert client.get(LIST, {"purpose": "nonsense\x00"}).context["cl"].result_count == 0
    year = timezone.localdate().year
    dated = client.get(LIST, {"created_at__year": year})
    assert dated.context["cl"].result_count == 3


@pytest.mark.parametrize(
    "query",
    [
        "to__startswith=j",
        "to__exact=jo.parent@example.org",
        "body__contains=Secret",
        "headers__has_key=List-Unsubscribe",
        "created_at__year=99999",
        "created_at__month=13",
        "created_at__year=2026x",
        "attempts__gte=1",
    ],
)
def test_the_list_refuses_lookups_it_does_not_offer(signed_in, query):
    an_email()
    assert signed_in("Editor").get(f"{LIST}?{query}").status_code == 400


@pytest.mark.parametrize("count", [5, 200])
def test_the_list_runs_a_fixed_number_of_queries(
    signed_in, count, django_assert_max_num_queries
):
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=f"person{n}@example.org",
            subject="An alert",
            body="Something happened.",
            purpose=("alert", "alert-digest", "acknowledgement")[n % 3],
            status=OutboundEmail.Status.choices[n % 3][0],
        )
        for n in range(count)
    )
    client = signed_in("Administrator")
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(LIST)
    assert page.context["cl"].result_count == count
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(LIST, {"status__exact": "failed", "purpose": "alert"})
    assert page.status_code == 200


def try_again(client, emails):
    return client.post(
        LIST,
        {"action": "try_again", "_selected_action": [e.pk for e in emails]},
        follow=True,
    )


def test_the_administrator_queues_a_failed_email_again(
    signed_in, django_capture_on_commit_callbacks, mailoutbox
):
    failed = an_email(
        status=OutboundEmail.Status.FAILED, attempts=6, last_error="SMTPException"
    )
    sent = an_email(status=OutboundEmail.Status.SENT, attempts=1)
    client = signed_in("Administrator")
    with django_capture_on_commit_callbacks(execute=True):
        page = try_again(client, [failed, sent])
    assert "1 failed email(s) queued again." in page.text
    assert "Only an email that failed can be tried again: this one is sent." in (
        page.text
    )
    failed.refresh_from_db()
    # Sent at once by the test settings' immediate task backend.
    assert failed.status == OutboundEmail.Status.SENT
    assert failed.attempts == 1
    assert [message.to for message in mailoutbox] == [[ADDRESS]]
    event = EmailEvent.objects.get(action=EmailEvent.Action.RETRIED)
    assert event.email == failed
    assert event.actor.username == "administrator"
    assert "after 6 tries: SMTPException" in event.detail
    assert ADDRESS not in event.detail
    sent.refresh_from_db()
    assert sent.attempts == 1


@pytest.mark.parametrize("role", ["Editor", "Moderator"])
def test_only_the_administrator_is_offered_try_again(signed_in, role):
    failed = an_email(status=OutboundEmail.Status.FAILED)
    client = signed_in(role)
    try_again(client, [failed])
    failed.refresh_from_db()
    assert failed.status == OutboundEmail.Status.FAILED
    assert not EmailEvent.objects.exists()


def test_the_retry_service_checks_the_actor_and_the_state(user_with_role):
    failed = an_email(status=OutboundEmail.Status.FAILED)
    with pytest.raises(PermissionDenied):
        email_retry(email=failed, actor=user_with_role("Editor"))
    with pytest.raises(PermissionDenied):
        email_retry(email=failed, actor=None)
    queued = an_email()
    with pytest.raises(ValidationError):
        email_retry(email=queued, actor=user_with_role("Administrator"))
    assert not EmailEvent.objects.exists()


def test_addresses_are_masked_and_purposes_read_as_words():
    assert mask_email("jo.parent@example.org") == MASKED
    assert mask_email("nobody") == "n***@"
    digest = OutboundEmail(purpose="alert-digest", status=OutboundEmail.Status.FAILED)
    assert str(digest) == "Weekly digest of email alerts (gave up)"
    assert OutboundEmail(purpose="something-new").purpose_in_words == "Something new"
