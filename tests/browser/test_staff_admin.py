"""The staff admin pages each role uses every day, in a real browser, signed in
with both factors: zero axe-core violations (default rules, best practices
included), zero Nu HTML Checker errors, and no sideways scroll at 320 px.

Each test signs in as one role and walks its pages: lists with a filter and a
search, change forms with autocompletes and inlines, their error states, and
the portal's own pages (moderation, safeguarding, insights, responses, posting
an update, the audit trail, data requests). Every problem on every page is
collected before the test fails, so one run shows them all.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from feedback import services as feedback_services
from feedback.models import SignOff
from letters.models import Letter, Organisation
from plans.models import Action, ImprovementPlan, ProgressUpdate
from tests.browser.staff_pages import PHONE
from tests.consultations.builders import every_kind
from tests.factories import (
    ConsultationDocumentFactory,
    ConsultationFactory,
    ExperienceFactory,
    QuestionFactory,
    ResponseFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.long]


@pytest.fixture
def action(site):
    kcc = Organisation.objects.get(slug="kent-county-council")
    plan = ImprovementPlan.objects.create(
        title="Staff admin test plan",
        short_name="SAT",
        slug="staff-admin-test-plan",
        kind=ImprovementPlan.Kind.APP,
        approved_on=datetime.date(2023, 7, 1),
        approved_precision=ImprovementPlan.Precision.MONTH,
        next_review_on=datetime.date(2099, 9, 30),
    )
    return Action.objects.create(
        plan=plan,
        reference="SAT 1.1",
        title="Publish who decides what",
        owner_organisation=kcc,
        owner_role="Director of Education",
        due_on=datetime.date(2099, 3, 31),
        status=Action.Status.ON_TRACK,
        progress=40,
    )


def open_autocomplete(page, field_id, many=False):
    """Open a select2 box, as a person choosing from it would; its list,
    drawn inside <main>, still opens right against the box. A box of many
    has its search field in the box, not in the list."""
    box = page.locator(f"#{field_id} + .select2 .select2-selection")
    box.click()
    dropdown = page.locator("main .select2-dropdown")
    search = box if many else dropdown
    expect(search.locator(".select2-search__field")).to_be_focused()
    expect(dropdown.get_by_role("option").first).to_be_visible()
    at, opened = box.bounding_box(), dropdown.bounding_box()
    assert round(opened["x"]) == round(at["x"])
    edges = {round(at["y"] + at["height"]), round(at["y"])}
    assert {round(opened["y"]), round(opened["y"] + opened["height"])} & edges


def test_an_editors_admin_pages(site, action, sign_in, findings):
    letter = Letter.objects.filter(signatories__isnull=False).first()
    response = ResponseFactory()
    page = sign_in("Editor")
    feedback_services.response_created(response=response, actor=user_named("editor"))
    SignOff.objects.create(
        response=response,
        forum=response.forum,
        decision=SignOff.Decision.DISSENT,
        note="The forum asked for dates for each team.",
    )
    findings.visit(page, "/admin/", "editor-home")
    findings.visit(page, "/admin/letters/letter/", "letters")
    findings.visit(
        page, "/admin/letters/letter/?status__exact=published&q=SEND", "letters-found"
    )
    findings.visit(
        page, reverse("admin:letters_letter_change", args=[letter.pk]), "letter"
    )
    open_autocomplete(page, "id_in_reply_to")
    findings.run_axe(page, "letter, a box open")
    page.keyboard.press("Escape")
    open_autocomplete(page, "id_senders", many=True)
    findings.run_axe(page, "letter, a box of many open")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Add another Signatory").click()
    expect(page.locator("#id_signatories-1-role + .select2")).to_be_visible()
    findings.run_axe(page, "letter, a signatory added")
    page.locator("#id_title").fill("")
    findings.submit(
        page, page.get_by_role("button", name="Save", exact=True), "letter-error"
    )
    findings.visit(page, reverse("admin:letters_letter_add"), "letter-add")
    findings.visit(page, "/admin/feedback/response/?status__exact=draft", "responses")
    findings.visit(
        page, reverse("admin:feedback_response_change", args=[response.pk]), "response"
    )
    page.locator("#id_title").fill("")
    findings.submit(
        page, page.get_by_role("button", name="Save", exact=True), "response-error"
    )
    findings.visit(
        page,
        reverse("admin:feedback_response_send_for_sign_off", args=[response.pk]),
        "response-send",
    )
    findings.visit(page, "/admin/plans/action/?status__exact=on_track&q=SAT", "actions")
    findings.visit(
        page, reverse("admin:plans_action_change", args=[action.pk]), "action"
    )
    open_autocomplete(page, "id_parent")
    findings.run_axe(page, "action, a box open")
    page.keyboard.press("Escape")
    page.locator("#id_title").fill("")
    findings.submit(
        page, page.get_by_role("button", name="Save", exact=True), "action-error"
    )
    post_update = reverse("admin:plans_action_post_update", args=[action.pk])
    findings.visit(page, post_update, "post-update")
    findings.submit(
        page, page.get_by_role("button", name="Post the update"), "post-update-error"
    )
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    ConsultationDocumentFactory(consultation=consultation)
    findings.visit(page, "/admin/consultations/consultation/", "consultations")
    findings.visit(
        page,
        reverse("admin:consultations_consultation_change", args=[consultation.pk]),
        "consultation",
    )
    correct = reverse(
        "admin:consultations_consultation_correct_question",
        args=[consultation.pk, question.pk],
    )
    findings.visit(page, correct, "correct-question")
    findings.submit(
        page,
        page.get_by_role("button", name="Correct the question"),
        "correct-question-error",
    )
    upcoming = QuestionFactory(
        consultation=ConsultationFactory(
            opens_at=timezone.now() + datetime.timedelta(days=10)
        )
    ).consultation
    findings.visit(
        page,
        reverse("admin:consultations_consultation_change", args=[upcoming.pk]),
        "consultation-upcoming",
    )
    page.locator("#id_questions-0-options").fill("Only one")
    findings.submit(
        page, page.get_by_role("button", name="Save", exact=True), "questions-error"
    )
    open_autocomplete(page, "id_organisations", many=True)
    findings.run_axe(page, "consultation, a box of many open")
    page.keyboard.press("Escape")
    findings.visit(
        page, reverse("admin:consultations_consultation_add"), "consultation-add"
    )
    findings.submit(
        page, page.get_by_role("button", name="Save", exact=True), "consultation-error"
    )
    findings.visit(page, "/admin/consultations/schoolholiday/add/", "holiday-add")
    asking, _made, _area = every_kind()
    record = reverse("admin:consultations_consultation_record", args=[asking.pk])
    findings.visit(page, record, "record-response")
    findings.submit(
        page,
        page.get_by_role("button", name="Record response"),
        "record-response-error",
    )
    findings.assert_none()


def test_a_moderators_and_a_safeguarding_leads_admin_pages(site, sign_in, findings):
    experience = ExperienceFactory()
    flagged = ExperienceFactory()
    page = sign_in("Moderator")
    feedback_services.experience_flag(
        experience=flagged, actor=user_named("moderator"), why="A worry."
    )
    findings.visit(page, "/admin/", "moderator-home")
    findings.visit(page, "/admin/feedback/experience/", "experiences")
    findings.visit(
        page,
        "/admin/feedback/experience/?consent_publish__exact=1&q=zzz",
        "experiences-found",
    )
    details = reverse("admin:feedback_experience_change", args=[experience.pk])
    findings.visit(page, details, "experience")
    moderate = reverse("admin:feedback_experience_moderate", args=[experience.pk])
    findings.visit(page, moderate, "moderate")
    claim = page.get_by_role("button", name="Claim", exact=True)
    findings.submit(page, claim, "moderate-claimed")
    page.get_by_role("textbox", name="Public version").fill("Ring 07700 900123.")
    publish = page.get_by_role("button", name="Publish", exact=True)
    findings.submit(page, publish, "moderate-error")
    findings.visit(page, reverse("admin:feedback_experience_record"), "record")

    page = sign_in("Safeguarding lead")
    safeguarding = reverse("admin:feedback_experience_safeguarding", args=[flagged.pk])
    findings.visit(page, safeguarding, "safeguarding")
    decide = page.get_by_role("button", name="Record decision")
    findings.submit(page, decide, "safeguarding-error")
    findings.assert_none()


def user_named(username):
    from accounts.models import User

    return User.objects.get(username=username)


def test_an_analysts_and_an_action_owners_admin_pages(site, action, sign_in, findings):
    ExperienceFactory()
    page = sign_in("Analyst")
    findings.visit(page, "/admin/", "analyst-home")
    findings.visit(page, "/admin/insights/", "insights")
    findings.visit(page, "/admin/insights/?district=no", "insights-error")
    findings.visit(page, "/admin/feedback/experience/", "analyst-experiences")
    findings.visit(page, "/admin/feedback/theme/", "themes")

    page = sign_in("Action owner")
    action.owners.add(user_named("action-owner"))
    findings.visit(page, "/admin/", "owner-home")
    findings.visit(page, "/admin/plans/action/", "owner-actions")
    post_update = reverse("admin:plans_action_post_update", args=[action.pk])
    findings.visit(page, post_update, "owner-post-update")
    page.get_by_label("Date of the update").fill(datetime.date.today().isoformat())
    page.get_by_label("What has happened").fill("The second team started in May.")
    findings.submit(
        page, page.get_by_role("button", name="Post the update"), "owner-posted"
    )
    findings.assert_none()


def test_the_admin_without_javascript(
    site, action, new_page, sign_in_as, assert_accessible
):
    """Without JavaScript the autocomplete boxes are plain selects and the
    inlines plain tables: still named, and still no sideways scroll."""
    letter = Letter.objects.filter(signatories__isnull=False).first()
    page = new_page(java_script_enabled=False)
    sign_in_as(page, "Editor")
    for url in [
        "/admin/letters/letter/?status__exact=published",
        reverse("admin:letters_letter_change", args=[letter.pk]),
        reverse("admin:plans_action_change", args=[action.pk]),
    ]:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(url)
        assert_accessible(page, as_shown=True)
        page.set_viewport_size({"width": PHONE, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, url


def test_an_administrators_admin_pages(site, action, new_page, sign_in, findings):
    experience = ExperienceFactory()
    page = new_page()
    findings.visit(page, "/admin/login/", "sign-in")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("not-the-password")
    log_in = page.get_by_role("button", name="Log in")
    findings.submit(page, log_in, "sign-in-error")
    page = sign_in("Administrator")
    findings.visit(page, "/admin/", "administrator-home")
    findings.visit(page, "/admin/accounts/user/", "users")
    findings.visit(page, "/admin/accounts/user/?is_staff__exact=1&q=mod", "users-found")
    administrator = user_named("administrator")
    findings.visit(
        page, reverse("admin:accounts_user_change", args=[administrator.pk]), "user"
    )
    for model in [
        "letters/letterevent",
        "feedback/experienceevent",
        "feedback/responseevent",
        "feedback/exportevent",
        "plans/planevent",
    ]:
        findings.visit(page, f"/admin/{model}/", model.replace("/", "-"))
    update = ProgressUpdate.objects.create(
        action=action, on=datetime.date(2024, 2, 12), text="Teams advertised."
    )
    findings.visit(
        page, reverse("admin:plans_progressupdate_change", args=[update.pk]), "update"
    )
    findings.visit(page, "/admin/audit/?who=moderator", "audit")
    findings.visit(page, "/admin/audit/?start=no", "audit-error")
    findings.visit(page, "/admin/data-requests/", "data-requests")
    page.locator("#id_who").fill(experience.display_reference)
    find = page.get_by_role("button", name="Find")
    findings.submit(page, find, "data-requests-found")
    findings.assert_none()


def test_the_consultation_responses_admin_pages(site, sign_in, findings):
    """Responses, a response and its email address, the results, and the
    moderation of a written answer with its error, as a moderator; the
    results and the read-only answer as an analyst."""
    from tests.consultations.builders import asked
    from tests.factories import AnswerFactory, ConsultationResponseFactory

    questions = asked()
    response = ConsultationResponseFactory(
        consultation=questions.consultation,
        consent_contact=True,
        contact_email="parent@example.org",
    )
    AnswerFactory(response=response, question=questions.one, choice="2", text="")
    AnswerFactory(response=response, question=questions.scale, choice="agree", text="")
    answer = AnswerFactory(
        response=response,
        question=questions.written,
        text="The clubs close at three. Ring me on 07700 900123.",
    )
    consultation = questions.consultation.pk
    results = reverse(
        "admin:consultations_consultationresponse_results", args=[consultation]
    )
    moderation = reverse("admin:consultations_answer_change", args=[answer.pk])

    page = sign_in("Moderator")
    findings.visit(
        page,
        f"/admin/consultations/consultationresponse/?consultation={consultation}"
        "&source__exact=online&q=C-",
        "consultation-responses",
    )
    findings.visit(page, response.get_absolute_url(), "consultation-response")
    findings.submit(
        page,
        page.get_by_role("button", name="Show email address"),
        "consultation-response-contact",
    )
    findings.visit(page, results, "consultation-results")
    findings.visit(
        page,
        f"/admin/consultations/answer/?consultation={consultation}&review=pending",
        "answers-to-moderate",
    )
    findings.visit(page, moderation, "answer-moderate")
    page.get_by_label("May be quoted").check()
    findings.submit(
        page, page.get_by_role("button", name="Save", exact=True), "answer-error"
    )

    page = sign_in("Analyst")
    findings.visit(
        page,
        reverse("admin:consultations_consultation_change", args=[consultation]),
        "analyst-consultation",
    )
    findings.visit(page, results, "analyst-consultation-results")
    findings.visit(page, moderation, "analyst-answer")
    findings.assert_none()
