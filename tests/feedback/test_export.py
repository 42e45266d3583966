"""The staff CSV export: who may download it, what it holds, that the worker
writes it in flat memory and a fixed number of queries per chunk, that a
download is never cut short, and that asking and each download are audited."""

import csv
import io
import math
import tracemalloc
import uuid

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from feedback import export, services
from feedback.export import FORMULA_STARTS, csv_lines, experience_rows, neutralise
from feedback.models import District, Experience, ExportEvent, ExportFile
from letters.models import AreaOfWeakness
from tests.factories import (
    HOSTILE,
    ExperienceFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)
from tests.feedback.exports import ask_for_export, exported, grant
from tests.strategies import examples

PREPARED, DOWNLOADED = ExportEvent.Action.PREPARED, ExportEvent.Action.DOWNLOADED
INSIGHTS = reverse("insights:index")
HYPOTHESIS = examples(60)
# Text as people type it (the database refuses NUL on PostgreSQL, and the
# share form strips it before it gets there).
FREE_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]),
    max_size=200,
)
DANGEROUS_STARTS = st.sampled_from(["=", "+", "-", "@", "\t", "\r"])
CONTACT_HEADINGS = ["Contact email", "Contact phone"]


def read_csv(response) -> list[dict[str, str]]:
    assert isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content[1:], newline="")))


# Who may download it ----------------------------------------------------------


def test_a_moderator_may_not_export_and_no_export_is_recorded(
    client, user_with_role, with_contact
):
    client.force_login(user_with_role("Moderator"))

    response = ask_for_export(client)

    assert response.status_code == 403
    assert not ExportEvent.objects.exists()
    assert not ExportFile.objects.exists()


def test_an_analyst_gets_a_csv_download_once_it_is_prepared(
    analyst_client, with_contact
):
    response = exported(analyst_client)

    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # The whole file's length is sent first: a download cut short shows as
    # failed in the browser, never as a smaller spreadsheet.
    assert response["Content-Length"] == str(ExportFile.objects.get().size)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="experiences-'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in response["Cache-Control"]
    rows = read_csv(response)
    assert [row["Reference"] for row in rows] == [with_contact.reference]


def test_contact_details_are_left_out_for_an_analyst(analyst_client, with_contact):
    rows = read_csv(exported(analyst_client))

    assert not set(CONTACT_HEADINGS) & set(rows[0])
    assert "parent@example.org" not in str(rows)
    assert "07700" not in str(rows)


@pytest.mark.parametrize("who", ["Administrator", "analyst with both permissions"])
def test_contact_details_are_included_for_those_who_may_see_them(
    client, user_with_role, with_contact, who
):
    if who == "Administrator":
        user = user_with_role("Administrator")
    else:
        user = user_with_role("Analyst")
        grant(user, "view_contact_details")
    client.force_login(user)

    rows = read_csv(exported(client))

    assert rows[0]["Contact email"] == "parent@example.org"
    assert rows[0]["Contact phone"] == "07700 900123"


def test_the_insights_page_says_whether_the_export_has_contact_details(
    client, user_with_role, kent
):
    client.force_login(user_with_role("Administrator"))

    response = client.get(INSIGHTS)

    assert "It includes contact details." in response.text


# What it holds -----------------------------------------------------------------


def test_each_row_has_its_own_areas_themes_and_labels_across_chunks(
    analyst, kent, monkeypatch
):
    monkeypatch.setattr(export, "CHUNK_SIZE", 2)
    ehc, governance = AreaOfWeakness.objects.filter(
        slug__in=["ehc-process", "governance"]
    ).order_by("number")
    waiting, school = ThemeFactory(name="Waiting"), ThemeFactory(name="School")
    thanet = District.objects.get(slug="thanet")
    made = [
        ExperienceFactory(areas=[ehc], themes=[waiting]),
        ExperienceFactory(areas=[ehc, governance], themes=[school, waiting]),
        ExperienceFactory(),
        ExperienceFactory(
            areas=[governance],
            district=thanet,
            setting=Experience.Setting.SPECIAL,
            needs=["communication", "semh"],
        ),
        ExperienceFactory(themes=[school]),
    ]

    lines = csv_lines(
        experience_rows(
            Experience.objects.filter(pk__in=[e.pk for e in made]),
            with_contact_details=False,
        )
    )
    content = "".join(lines)[1:]
    rows = {
        row["Reference"]: row
        for row in csv.DictReader(io.StringIO(content, newline=""))
    }

    def of(experience):
        return rows[experience.reference]

    assert len(rows) == 5
    assert of(made[0])["Areas of weakness"] == "Area 6: The EHC process"
    assert of(made[1])["Areas of weakness"] == (
        "Area 6: The EHC process; Area 7: Governance"
    )
    assert set(of(made[1])["Themes"].split("; ")) == {"School", "Waiting"}
    assert of(made[2])["Areas of weakness"] == of(made[2])["Themes"] == ""
    assert of(made[3])["District"] == "Thanet"
    assert of(made[3])["Setting"] == "Special school"
    assert of(made[3])["Needs"] == (
        "Communication and interaction; Social, emotional and mental health"
    )
    assert of(made[4])["Themes"] == "School"
    assert of(made[0])["Status"] == "New"
    assert of(made[0])["Consent to publish"] == "Yes"


def test_the_export_holds_the_filtered_set_only(analyst_client, kent):
    ehc = AreaOfWeakness.objects.get(slug="ehc-process")
    wanted = ExperienceFactory(areas=[ehc], setting=Experience.Setting.PRIMARY)
    ExperienceFactory(areas=[ehc], setting=Experience.Setting.SPECIAL)
    ExperienceFactory(setting=Experience.Setting.PRIMARY)

    rows = read_csv(
        exported(analyst_client, {"area": "ehc-process", "setting": "primary"})
    )

    assert [row["Reference"] for row in rows] == [wanted.reference]


def test_withdrawn_experiences_are_never_exported(analyst_client, kent):
    kept = ExperienceFactory()
    gone = ExperienceFactory(status=Experience.Status.WITHDRAWN, what_happened="")

    rows = read_csv(exported(analyst_client))

    assert [row["Reference"] for row in rows] == [kept.reference]
    assert gone.reference not in str(rows)
    assert ExportEvent.objects.get(action=PREPARED).row_count == 1


def test_refused_filters_send_you_back_to_the_page_that_says_why(analyst_client, kent):
    response = ask_for_export(analyst_client, {"area": "nowhere"})
    response = analyst_client.get(response["Location"])

    assert response.request["QUERY_STRING"] == "area=nowhere"
    assert "Choose from the list" in response.text
    assert not ExportEvent.objects.exists()


# Spreadsheet formulas and hostile text -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://example.org","Click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_cells_that_would_run_as_formulas_are_made_text(analyst_client, kent, text):
    theme = ThemeFactory(name=text)
    District.objects.filter(slug="thanet").update(name=text)
    ExperienceFactory(
        what_happened=text,
        what_would_help=text,
        themes=[theme],
        district=District.objects.get(slug="thanet"),
    )

    row = read_csv(exported(analyst_client))[0]

    for heading in ("What happened", "What would have helped", "Themes", "District"):
        assert row[heading] == "'" + text


def test_hostile_text_is_plain_text_in_the_csv(analyst_client, kent):
    ExperienceFactory(what_happened=HOSTILE, public_version=HOSTILE)

    response = exported(analyst_client)
    row = read_csv(response)[0]

    assert row["What happened"] == HOSTILE
    assert row["Public version"] == HOSTILE
    # Served as an attachment of CSV that the browser may not sniff as HTML.
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@given(text=st.text())
def test_no_neutralised_cell_starts_like_a_formula(text):
    cell = neutralise(text)

    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


@HYPOTHESIS
@given(text=st.one_of(FREE_TEXT, st.builds(str.__add__, DANGEROUS_STARTS, FREE_TEXT)))
def test_any_text_an_experience_holds_comes_out_whole_and_never_as_a_formula(
    kent, text
):
    experience = ExperienceFactory(what_happened=text, what_would_help=text)
    try:
        content = "".join(
            csv_lines(
                experience_rows(
                    Experience.objects.filter(pk=experience.pk),
                    with_contact_details=False,
                    with_original_text=True,
                )
            )
        )
        (row,) = csv.DictReader(io.StringIO(content[1:], newline=""))
    finally:
        experience.delete()

    for cell in row.values():
        assert not cell.startswith(FORMULA_STARTS)
    assert row["What happened"] == neutralise(text)
    assert row["What would have helped"] == neutralise(text)


# Audit ---------------------------------------------------------------------------


def test_every_export_writes_one_export_event_with_what_it_held(
    analyst_client, analyst, kent
):
    ehc = AreaOfWeakness.objects.get(slug="ehc-process")
    create_experiences_in_bulk(3, areas=[ehc])
    ExperienceFactory()

    response = exported(
        analyst_client,
        {"area": "ehc-process", "submitted_from": "1/1/2020", "theme": ""},
    )
    rows = read_csv(response)

    for action in (PREPARED, DOWNLOADED):
        event = ExportEvent.objects.get(action=action)
        assert event.actor == analyst
        assert event.filters == {"area": "ehc-process", "submitted_from": "2020-01-01"}
        assert event.row_count == len(rows) == 3
        assert event.with_contact_details is False


def test_the_export_event_is_written_even_if_the_download_is_never_read(
    client, user_with_role, with_contact
):
    admin = user_with_role("Administrator")
    client.force_login(admin)

    ask_for_export(client)

    event = ExportEvent.objects.get()
    assert event.action == PREPARED
    assert event.actor == admin
    assert event.row_count == 1
    assert event.with_contact_details is True


def test_the_export_service_refuses_those_without_the_permission(user_with_role, kent):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.export_request(
            actor=user_with_role("Moderator"), filters={}, request_key=uuid.uuid4()
        )
    assert not ExportEvent.objects.exists()


# The worker: flat memory, fixed queries per chunk --------------------------------


def test_the_worker_writes_the_export_in_flat_memory(analyst, kent, monkeypatch):
    """Forty chunks, as 20,000 rows make in production, from 8,000 rows in
    chunks of 200: the file is written a chunk at a time, never held whole."""
    monkeypatch.setattr(export, "CHUNK_SIZE", 200)
    themes = [ThemeFactory()]
    for count, area in ((2_000, "governance"), (6_000, "ehc-process")):
        create_experiences_in_bulk(
            count,
            areas=AreaOfWeakness.objects.filter(slug=area),
            themes=themes,
            what_would_help="Someone to call us back when they said they would.",
        )

    def prepared_with_peak(filters):
        queued = ExportFile.objects.create(requested_by=analyst, filters=filters)
        tracemalloc.start()
        try:
            prepared = services.export_prepare(export_id=queued.pk)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert prepared.status == ExportFile.Status.READY
        return prepared, peak

    _, peak_at_2000 = prepared_with_peak({"area": "governance"})
    prepared, peak = prepared_with_peak({})

    with prepared.file.open("rb") as written:
        content = written.read()
    assert prepared.size == len(content) > 1_600_000
    assert content.count(b"\n") == 8_000 + 1  # the headings, the rows
    # Four times the rows in no more memory: a chunk at a time.
    assert peak < peak_at_2000 * 1.2
    assert peak < prepared.size / 2


# The export, its areas and themes and its filters; area and theme names; the
# rows; the file's row.
BASE_QUERIES = 8


@pytest.mark.parametrize(
    ("count", "chunk_size"), [(10, 1_000), (2_000, 1_000), (2_000, 500)]
)
def test_the_worker_runs_a_fixed_number_of_queries_per_chunk(
    analyst, kent, monkeypatch, django_assert_max_num_queries, count, chunk_size
):
    monkeypatch.setattr(export, "CHUNK_SIZE", chunk_size)
    create_experiences_in_bulk(
        count,
        areas=AreaOfWeakness.objects.filter(slug__in=["ehc-process", "governance"]),
        themes=ThemeFactory.create_batch(2),
    )
    chunks = math.ceil(count / chunk_size)
    queued = ExportFile.objects.create(
        requested_by=analyst, filters={"area": "ehc-process"}, row_count=count
    )

    with django_assert_max_num_queries(BASE_QUERIES + 2 * chunks):
        prepared = services.export_prepare(export_id=queued.pk)

    with prepared.file.open("rb") as written:
        content = written.read().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(content[1:], newline="")))
    assert len(rows) == count
    assert all(row["Areas of weakness"] for row in rows)
