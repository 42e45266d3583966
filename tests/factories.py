"""factory_boy factories for the record and the parents' voice. `hostile` text
proves escaping."""

import datetime
import io
import uuid

import factory
from django.utils import timezone
from pypdf import PdfWriter

from consultations.models import (
    Answer,
    Consultation,
    ConsultationDocument,
    ConsultationResponse,
    Outcome,
    Question,
)
from feedback.models import Experience, ForumMember, Response, Theme
from feedback.services import REFERENCE_ALPHABET, REFERENCE_LENGTH
from letters.models import (
    AreaOfWeakness,
    Attachment,
    Inspection,
    Letter,
    Organisation,
    Person,
    ProgressJudgement,
    Role,
    Signatory,
)

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
HOSTILE_MARKDOWN = (
    f"{HOSTILE}\n\n"
    "[Read this](javascript:alert(2))\n\n"
    '<a href="javascript:alert(3)" onclick="alert(4)">and this</a>\n\n'
    '<p onmouseover="alert(5)">Hover</p>\n\n'
    '<iframe src="https://example.org"></iframe><style>body{display:none}</style>'
)


# The smallest file the PDF check accepts: the header is what it looks for.
def _blank_pdf() -> bytes:
    """A real one-page PDF: uploads are parsed, not sniffed (core.pdf)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF_BYTES = _blank_pdf()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.COUNCIL


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "Director"


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    title = factory.Sequence(lambda n: f"Inspection {n}")
    slug = factory.Sequence(lambda n: f"inspection-{n}")
    kind = Inspection.Kind.SEND_LOCAL_AREA
    on_site_from = datetime.date(2019, 1, 28)
    on_site_to = datetime.date(2019, 2, 1)
    published_on = datetime.date(2019, 3, 29)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaOfWeakness

    inspection = factory.SubFactory(InspectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    short_title = factory.Sequence(lambda n: f"Area title {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    finding = "the limited role parents and carers have in designing services"


class JudgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressJudgement

    area = factory.SubFactory(AreaFactory)
    revisit = factory.LazyAttribute(
        lambda o: InspectionFactory(
            kind=Inspection.Kind.SEND_REVISIT,
            revisit_of=o.area.inspection,
            on_site_from=datetime.date(2022, 9, 27),
            on_site_to=datetime.date(2022, 9, 29),
        )
    )
    judgement = ProgressJudgement.Judgement.INSUFFICIENT


class LetterFactory(factory.django.DjangoModelFactory):
    """A published letter unless told otherwise.

    Traits: `draft=True`, `scheduled=True` (an hour from now) and
    `withdrawn=True`; or pass status=... and publish_at=... directly.
    """

    class Meta:
        model = Letter
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Letter.Status.DRAFT, publish_at=None)
        scheduled = factory.Trait(
            status=Letter.Status.SCHEDULED,
            publish_at=factory.LazyFunction(
                lambda: timezone.now() + datetime.timedelta(hours=1)
            ),
        )
        withdrawn = factory.Trait(
            status=Letter.Status.WITHDRAWN,
            withdrawn_at=factory.LazyFunction(timezone.now),
            withdrawn_reason="It was sent in error.",
        )

    kind = Letter.Kind.LETTER
    title = factory.Sequence(lambda n: f"Letter number {n}")
    slug = factory.Sequence(lambda n: f"letter-{n}")
    date = datetime.date(2022, 11, 9)
    audience = Letter.Audience.PUBLIC
    summary = "A short summary of what the letter says."
    body = "The body of the letter, in **Markdown**."
    status = Letter.Status.PUBLISHED
    publish_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )

    @factory.post_generation
    def senders(self, create, extracted, **kwargs):
        if create:
            self.senders.set(extracted or [OrganisationFactory()])

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


def create_letters_in_bulk(count, *, senders, areas=(), **fields):
    """`count` published letters in a handful of queries, for volume tests."""
    letters = Letter.objects.bulk_create(LetterFactory.build_batch(count, **fields))
    Letter.senders.through.objects.bulk_create(
        Letter.senders.through(letter=letter, organisation=sender)
        for letter in letters
        for sender in senders
    )
    Letter.areas.through.objects.bulk_create(
        Letter.areas.through(letter=letter, areaofweakness=area)
        for letter in letters
        for area in areas
    )
    return letters


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    letter = factory.SubFactory(LetterFactory)
    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(lambda n: n + 1)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    letter = factory.SubFactory(LetterFactory)
    title = factory.Sequence(lambda n: f"Attachment {n}")
    file = factory.django.FileField(filename="letter.pdf", data=PDF_BYTES)


def numbered_reference(number: int) -> str:
    """The `number`th reference, in the alphabet and length the service's
    random ones have: never the same twice in a run, so that a bulk test of
    thousands cannot fail on a chance collision (the service's own draw
    from 26 letters and digits, 8 long, collided once in a CI run)."""
    digits = []
    for _ in range(REFERENCE_LENGTH):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        digits.append(REFERENCE_ALPHABET[digit])
    return "".join(reversed(digits))


class ExperienceFactory(factory.django.DjangoModelFactory):
    """An experience shared online by a parent, with no contact details.

    Pass `areas=[...]` to link areas; `create_experiences_in_bulk` for volume.
    """

    class Meta:
        model = Experience
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: numbered_reference(n))
    submission_key = factory.LazyFunction(uuid.uuid4)
    respondent = Experience.Respondent.PARENT_CARER
    what_happened = factory.Sequence(lambda n: f"We waited a long time, story {n}.")
    consent_publish = True
    consent_share = False
    consent_contact = False

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class PublishedExperienceFactory(ExperienceFactory):
    """Moderated and published, with a public version; shared with forums too."""

    status = Experience.Status.PUBLISHED
    consent_share = True
    public_version = factory.Sequence(lambda n: f"Public version {n}: we waited.")
    public_version_checked = True
    moderated_at = factory.LazyFunction(timezone.now)


def create_experiences_in_bulk(
    count, *, areas=(), themes=(), factory_class=None, **fields
):
    """`count` experiences in a handful of queries, for volume tests."""
    factory_class = factory_class or ExperienceFactory
    experiences = Experience.objects.bulk_create(
        factory_class.build_batch(count, **fields)
    )
    Experience.areas.through.objects.bulk_create(
        Experience.areas.through(experience=experience, areaofweakness=area)
        for experience in experiences
        for area in areas
    )
    Experience.themes.through.objects.bulk_create(
        Experience.themes.through(experience=experience, theme=theme)
        for experience in experiences
        for theme in themes
    )
    return experiences


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class ForumFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Parent Carer Forum {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")
    kind = Organisation.Kind.FORUM


class ForumMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumMember

    forum = factory.SubFactory(ForumFactory)


class ResponseFactory(factory.django.DjangoModelFactory):
    """A draft "You said, we did" response. Pass areas=/themes= to link."""

    class Meta:
        model = Response
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Assessments take too long {n}")
    slug = factory.Sequence(lambda n: f"response-{n}")
    heard = "Families told us they waited months for an assessment."
    experience_count = 12
    doing = "We are adding two assessment teams."
    doing_by = "Kent County Council SEN service"
    forum = factory.SubFactory(ForumFactory)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ConsultationFactory(factory.django.DjangoModelFactory):
    """Released and open now for eight weeks, run by a council. Pass
    `opens_at` and `closes_at` for another state, `released=False` for a
    draft, `areas=[...]` to link areas."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Consultation {n} on short breaks")
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    summary = "How short breaks for disabled children should work."
    why_now = "The current arrangements end next year."
    open_to_change = "Which services are offered and how families ask for them."
    audience = "Parents and carers of disabled children"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    closes_at = factory.LazyAttribute(
        lambda consultation: consultation.opens_at + datetime.timedelta(weeks=8)
    )
    outcome_due_on = factory.LazyAttribute(
        lambda consultation: (
            consultation.closes_at + datetime.timedelta(weeks=8)
        ).date()
    )
    released = True

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create:
            self.organisations.set(extracted or [OrganisationFactory()])

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class QuestionFactory(factory.django.DjangoModelFactory):
    """One answer from a list of three, on an open consultation. Pass
    `kind` and `options=""` for another kind."""

    class Meta:
        model = Question

    consultation = factory.SubFactory(ConsultationFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Question.Kind.ONE
    text = factory.Sequence(lambda n: f"Question {n}: how easy is it to get a break?")
    help_text = "Think about the last year."
    options = "Easy\nNeither easy nor hard\nHard"


class ConsultationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationDocument

    consultation = factory.SubFactory(ConsultationFactory)
    title = factory.Sequence(lambda n: f"Consultation document {n}")
    file = factory.django.FileField(filename="proposal.pdf", data=PDF_BYTES)


class ConsultationResponseFactory(factory.django.DjangoModelFactory):
    """A response received online; pass contact_email= (and consent_contact)
    for someone who asked to hear the outcome."""

    class Meta:
        model = ConsultationResponse

    consultation = factory.SubFactory(ConsultationFactory)
    reference = factory.Sequence(lambda n: numbered_reference(n))
    submission_key = factory.LazyFunction(uuid.uuid4)
    respondent = ConsultationResponse.Respondent.PARENT_CARER


class ConsultationAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ConsultationResponseFactory)
    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.SCALE, options="")
    choice = "agree"


class OutcomeFactory(factory.django.DjangoModelFactory):
    """A draft outcome of a closed consultation, to be signed by a forum."""

    class Meta:
        model = Outcome

    consultation = factory.SubFactory(
        ConsultationFactory,
        opens_at=factory.LazyFunction(
            lambda: timezone.now() - datetime.timedelta(weeks=12)
        ),
        closes_at=factory.LazyFunction(
            lambda: timezone.now() - datetime.timedelta(weeks=2)
        ),
    )
    asked = "We asked how short breaks should work."
    said = "Most of you wanted more weekend places."
    did = "We are adding weekend places from September."
    forum = factory.SubFactory(ForumFactory)


class AnswerFactory(factory.django.DjangoModelFactory):
    """A written answer waiting for a moderator; pass `choice=` (and no
    text, review="") for a choice."""

    class Meta:
        model = Answer
        skip_postgeneration_save = True

    response = factory.SubFactory(ConsultationResponseFactory)
    question = factory.SubFactory(
        QuestionFactory,
        consultation=factory.SelfAttribute("..response.consultation"),
        kind=Question.Kind.LONG_TEXT,
        options="",
    )
    text = factory.Sequence(lambda n: f"Answer {n}: the clubs close too early.")
    review = Answer.Review.PENDING

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


def create_consultation_responses_in_bulk(consultation, count, *, answers=(), **fields):
    """`count` responses to `consultation`, each with the same `answers`
    ((question, choice or text) pairs; a text for a written question, stored
    waiting for review), in a few queries, for volume tests."""
    responses = ConsultationResponse.objects.bulk_create(
        ConsultationResponseFactory.build_batch(
            count, consultation=consultation, **fields
        ),
        batch_size=2000,
    )
    rows = []
    for response in responses:
        for question, value in answers:
            written = question.kind in Question.TEXT_KINDS
            rows.append(
                Answer(
                    response=response,
                    question=question,
                    choice="" if written else value,
                    text=value if written else "",
                    review=Answer.Review.PENDING if written else "",
                )
            )
    Answer.objects.bulk_create(rows, batch_size=2000)
    return responses
