"""Staff exports are asked for once, prepared by the worker, downloaded only
by whoever asked while they may still see what they hold, and deleted after
their days (issue 13: a long export was cut off by the web server's timeout
and the analyst got a 200 and a truncated file)."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from feedback import services
from feedback.models import ExportEvent, ExportFile
from tests.feedback.exports import EXPORT, ask_for_export, grant
from tests.object_storage import PREFIX

PREPARED, DOWNLOADED = ExportEvent.Action.PREPARED, ExportEvent.Action.DOWNLOADED
INSIGHTS = "/admin/insights/"


# Asked for once, downloaded only by whoever asked --------------------------------


def test_pressing_the_button_twice_prepares_one_export(analyst_client, with_contact):
    key = uuid.uuid4()

    first = ask_for_export(analyst_client, request_key=key)
    second = ask_for_export(analyst_client, request_key=key)

    assert (
        first["Location"]
        == second["Location"]
        == (ExportFile.objects.get().get_absolute_url())
    )
    assert ExportEvent.objects.filter(action=PREPARED).count() == 1


def test_someone_elses_key_makes_a_new_export_not_an_error(
    analyst_client, client, user_with_role, with_contact
):
    key = uuid.uuid4()
    ask_for_export(analyst_client, request_key=key)
    other = user_with_role("Analyst", username="another-analyst")
    client.force_login(other)

    response = ask_for_export(client, request_key=key)

    assert response.status_code == 302
    theirs = ExportFile.objects.get(requested_by=other)
    assert response["Location"] == theirs.get_absolute_url()
    assert theirs.request_key != key
    assert ExportFile.objects.count() == 2


@pytest.mark.parametrize("key", ["", "not-a-key", "x" * 5_000, "\x00"])
def test_a_missing_or_mangled_key_still_prepares_one_export(
    analyst_client, with_contact, key
):
    response = analyst_client.post(EXPORT, {"request_key": key})

    assert response.status_code == 302
    assert ExportFile.objects.count() == 1


def test_the_exports_page_says_when_it_is_ready_and_what_it_holds(
    analyst_client, with_contact
):
    asked = ask_for_export(analyst_client, {"area": "ehc-process"})

    page = analyst_client.get(asked["Location"])

    assert page.status_code == 200
    assert "Download experiences-" in page.text
    assert "1 experience)" in page.text
    assert "Area of weakness: Area 6: The EHC process" in page.text
    assert "Left out" in page.text  # contact details
    assert "Every download is recorded." in page.text
    assert "or sooner if someone whose experience it could hold" in page.text
    insights = analyst_client.get(INSIGHTS)
    assert ExportFile.objects.get().get_absolute_url() in insights.text


def test_the_exports_page_gives_its_filters_in_the_insights_forms_words(
    analyst_client, analyst, with_contact, django_assert_max_num_queries
):
    asked = ask_for_export(
        analyst_client,
        {
            "area": "ehc-process",
            "theme": "",
            "district": "ashford",
            "setting": "special",
            "status": "in-review",
            "submitted_from": "1/4/2024",
            "submitted_to": "31/3/2025",
        },
    )

    with django_assert_max_num_queries(8):
        page = analyst_client.get(asked["Location"])

    assert (
        "<dd>Area of weakness: Area 6: The EHC process; District: Ashford; "
        "Setting: Special school; Status: In review; "
        "Submitted from: 1 April 2024; Submitted to: 31 March 2025</dd>"
    ) in page.text
    for raw in ("ehc-process", "ashford", "in-review", "submitted_from", "2024-04-01"):
        assert raw not in page.text


def test_filters_no_longer_offered_are_shown_as_they_were_stored(
    analyst_client, analyst
):
    # An area removed since, or a filter the form has dropped: the page still
    # says what the export was made with, escaped.
    export = ExportFile.objects.create(
        requested_by=analyst,
        filters={"area": "gone-area", "colour": "<b>red</b>"},
        status=ExportFile.Status.FAILED,
    )

    page = analyst_client.get(export.get_absolute_url())

    assert page.status_code == 200
    assert "Area of weakness: gone-area; colour: &lt;b&gt;red&lt;/b&gt;" in page.text


def test_the_audit_row_of_an_export_gives_its_filters_in_words(
    analyst_client, with_contact, admin_client
):
    ask_for_export(analyst_client, {"area": "ehc-process", "setting": "special"})
    row = ExportEvent.objects.get(action=PREPARED)

    page = admin_client.get(reverse("admin:feedback_exportevent_change", args=[row.pk]))

    assert page.status_code == 200
    assert "Area of weakness: Area 6: The EHC process; Setting: Special school" in (
        page.text
    )
    assert "ehc-process" not in page.text


def test_a_queued_export_says_it_is_being_prepared_and_offers_nothing_yet(
    analyst_client, analyst, with_contact
):
    queued = ExportFile.objects.create(requested_by=analyst, row_count=1)

    page = analyst_client.get(queued.get_absolute_url())
    download = analyst_client.get(queued.get_absolute_url() + "download/")

    assert "This spreadsheet is being prepared." in page.text
    assert "Download" not in page.text
    assert download.status_code == 302
    assert not ExportEvent.objects.filter(action=DOWNLOADED).exists()


def test_a_failed_export_says_so_and_logs_nothing_personal(
    analyst_client, analyst, with_contact, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("parent@example.org wrote something odd")

    monkeypatch.setattr(services.exports, "experience_rows", broken)

    asked = ask_for_export(analyst_client)

    assert ExportFile.objects.get().status == ExportFile.Status.FAILED
    assert "could not be prepared" in analyst_client.get(asked["Location"]).text
    assert "parent@example.org" not in caplog.text


def test_only_whoever_asked_may_see_or_download_it(
    analyst_client, client, user_with_role, with_contact
):
    asked = ask_for_export(analyst_client)
    other = user_with_role("Analyst", username="another-analyst")
    client.force_login(other)

    for url in (asked["Location"], asked["Location"] + "download/"):
        assert client.get(url).status_code == 404
    assert not ExportEvent.objects.filter(action=DOWNLOADED).exists()


def test_losing_the_contact_permission_stops_the_download(
    client, user_with_role, with_contact
):
    user = user_with_role("Analyst")
    grant(user, "view_contact_details")
    client.force_login(user)
    asked = ask_for_export(client)
    user.user_permissions.remove(
        Permission.objects.get(codename="view_contact_details")
    )
    client.force_login(type(user).objects.get(pk=user.pk))

    page = client.get(asked["Location"])
    download = client.get(asked["Location"] + "download/")

    assert "You can no longer download this spreadsheet" in page.text
    assert download.status_code == 403
    assert not ExportEvent.objects.filter(action=DOWNLOADED).exists()


def test_exports_are_deleted_after_their_days_and_their_audit_rows_stay(
    analyst_client, with_contact, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from core.retention import RULES

    ask_for_export(analyst_client)
    prepared = ExportFile.objects.get()
    stored = prepared.file.name
    storage = prepared.file.storage
    assert storage.exists(stored)
    rule = RULES["exports"]
    later = timezone.now() + datetime.timedelta(days=settings.RETENTION_DAYS["exports"])

    assert rule.due(later - datetime.timedelta(minutes=1)) == 0
    assert rule.due(later + datetime.timedelta(minutes=1)) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        assert rule.apply(later + datetime.timedelta(minutes=1), lambda *_: None)
    assert storage.exists(stored)  # until the deletion of its row commits
    for callback in callbacks:
        callback()

    assert not ExportFile.objects.exists()
    assert not storage.exists(stored)
    assert ExportEvent.objects.filter(action=PREPARED).count() == 1


def test_an_export_is_prepared_into_the_bucket_and_only_its_asker_downloads_it(
    analyst_client,
    client,
    user_with_role,
    with_contact,
    object_storage,
    settings,
    django_capture_on_commit_callbacks,
):
    from django.utils import timezone

    from core.retention import RULES

    asked = ask_for_export(analyst_client)
    key = f"{PREFIX}/{ExportFile.objects.get().file.name}"
    assert object_storage.keys() == [key]
    download = analyst_client.get(asked["Location"] + "download/")
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert content == object_storage.read(key)
    assert with_contact.reference in content.decode("utf-8-sig")
    assert ExportEvent.objects.filter(action=DOWNLOADED).count() == 1
    client.force_login(user_with_role("Moderator"))
    assert client.get(asked["Location"] + "download/").status_code == 403

    later = timezone.now() + datetime.timedelta(days=settings.RETENTION_DAYS["exports"])
    with django_capture_on_commit_callbacks(execute=True):
        RULES["exports"].apply(later + datetime.timedelta(minutes=1), lambda *_: None)

    assert object_storage.keys() == []


def test_an_export_deleted_while_it_is_written_leaves_no_file(
    analyst, with_contact, object_storage, monkeypatch
):
    """An erasure may delete an export the worker is writing: the worker then
    deletes what it wrote, which may hold what was erased."""
    queued = ExportFile.objects.create(requested_by=analyst, row_count=1)
    rows = services.exports.experience_rows

    def erased_meanwhile(*args, **kwargs):
        ExportFile.objects.filter(pk=queued.pk).delete()
        yield from rows(*args, **kwargs)

    monkeypatch.setattr(services.exports, "experience_rows", erased_meanwhile)

    assert services.export_prepare(export_id=queued.pk) is None
    assert object_storage.keys() == []
