"""The words the portal uses that families may not know, in plain English.

The glossary page (/glossary/) lists them. `PageTerms.explain`, used through
`{% explain %}` (core/templatetags/glossary.py), spells an abbreviation out the
first time a page uses it and links each term to its entry once. These are the
portal's own explanations, not facts about Kent: those stay in the database.
"""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Term:
    slug: str  # the entry's id on the glossary page
    name: str  # as the glossary heads it
    meaning: str
    abbreviation: str = ""
    expansion: str = ""  # the words the abbreviation stands for
    # How the abbreviation reads spelled out, when not "expansion (ABBR)".
    spelled_out: str = ""
    # Another way the abbreviation is written in running text (as a regex).
    written: str = ""

    @property
    def heading(self) -> str:
        """The name, with its abbreviation when the name is written out."""
        if self.abbreviation and self.abbreviation not in self.name:
            return f"{self.name} ({self.abbreviation})"
        return self.name

    @property
    def first_use(self) -> str:
        return self.spelled_out or f"{self.expansion} ({self.abbreviation})"


TERMS = (
    Term(
        "send",
        "SEND",
        "Special educational needs and disabilities. A child or young person "
        "has SEND if they need extra help to learn because of a disability or "
        "a difficulty that most children of the same age do not have.",
        abbreviation="SEND",
        expansion="special educational needs and disabilities",
    ),
    Term(
        "ehc",
        "EHC plan",
        "An education, health and care plan. It is a legal document that sets "
        "out a child's needs and the help they must get. To get one, the "
        "council first carries out an EHC needs assessment. The council should "
        "decide within 6 weeks whether to assess, and issue the final plan "
        "within 20 weeks.",
        abbreviation="EHC",
        expansion="education, health and care",
    ),
    Term(
        "annual-review",
        "Annual review",
        "The yearly meeting to check that an EHC plan still meets the child's "
        "needs, and to change it if it does not.",
    ),
    Term(
        "local-offer",
        "Local Offer",
        "The information every council must publish about the support and "
        "services for children and young people with SEND in its area, and "
        "how to get them. Kent publishes its Local Offer as the SEND "
        "Information Hub.",
    ),
    Term(
        "camhs",
        "CAMHS",
        "Child and adolescent mental health services: the NHS services that "
        "assess and treat children and young people with mental health needs.",
        abbreviation="CAMHS",
        expansion="child and adolescent mental health services",
    ),
    Term(
        "adhd",
        "ADHD",
        "Attention deficit hyperactivity disorder: a condition that affects "
        "attention, activity and impulses.",
        abbreviation="ADHD",
        expansion="attention deficit hyperactivity disorder",
    ),
    Term(
        "icb",
        "ICB",
        "Integrated care board: the NHS body that plans and pays for health "
        "services in an area. NHS Kent and Medway ICB took over this work on "
        "1 July 2022.",
        abbreviation="ICB",
        expansion="integrated care board",
    ),
    Term(
        "ccg",
        "CCG",
        "Clinical commissioning group: the NHS bodies that planned and paid "
        "for local health services before integrated care boards replaced "
        "them in 2022.",
        abbreviation="CCG",
        expansion="clinical commissioning group",
    ),
    Term(
        "kcc",
        "KCC",
        "Kent County Council: the council responsible for education and "
        "children's social care in Kent.",
        abbreviation="KCC",
        expansion="Kent County Council",
    ),
    Term(
        "pact",
        "Kent PACT",
        "Kent PACT (Parents and Carers Together) is Kent's parent carer "
        "forum, recognised by the Department for Education. It speaks for "
        "families and works with the council and the NHS on services.",
        abbreviation="PACT",
        expansion="Parents and Carers Together",
        spelled_out="Kent PACT (Parents and Carers Together)",
        written=r"Kent PACT",
    ),
    Term(
        "iask",
        "IASK",
        "Kent's free information, advice and support service for SEND. It "
        "gives families advice that is independent of the council's "
        "decisions.",
        abbreviation="IASK",
        spelled_out="IASK (Kent's SEND information, advice and support service)",
    ),
    Term(
        "ofsted",
        "Ofsted",
        "The Office for Standards in Education, Children's Services and "
        "Skills. It inspects schools and children's services.",
    ),
    Term(
        "cqc",
        "CQC",
        "The Care Quality Commission. It inspects health and social care "
        "services. Ofsted and the CQC inspect local areas' SEND services "
        "together.",
        abbreviation="CQC",
        expansion="Care Quality Commission",
    ),
    Term(
        "dfe",
        "DfE",
        "The Department for Education: the government department responsible "
        "for schools and children's services in England.",
        abbreviation="DfE",
        expansion="Department for Education",
    ),
    Term(
        "hmi",
        "HMI",
        "His Majesty's Inspector (Her Majesty's Inspector before September "
        "2022): a senior inspector at Ofsted.",
        abbreviation="HMI",
        expansion="His Majesty's Inspector",
    ),
    Term(
        "local-area",
        "Local area",
        "Everyone who supports children and young people with SEND in a "
        "place: the council, the NHS, schools, nurseries and colleges.",
    ),
    Term(
        "area-of-weakness",
        "Area of weakness",
        "Something the inspectors found was not working well enough and must "
        "get better. In 2019 they named nine areas of significant weakness in "
        "Kent.",
    ),
    Term(
        "revisit",
        "Revisit",
        "A later inspection to check whether the local area has made enough "
        "progress on each area of weakness. For each one, the inspectors "
        "judge that it has or has not made sufficient progress.",
    ),
    Term(
        "wsoa",
        "Written Statement of Action",
        "The plan a local area must write after an inspection finds areas of "
        "significant weakness. It says what will be done about each one.",
        abbreviation="WSoA",
        expansion="Written Statement of Action",
    ),
    Term(
        "improvement-notice",
        "Improvement Notice",
        "A formal notice from a government minister telling a council that it "
        "must improve a service, and how it will be checked.",
    ),
    Term(
        "app",
        "Accelerated Progress Plan",
        "The plan a local area writes when a revisit finds too little "
        "progress. The Department for Education must approve it.",
        abbreviation="APP",
        expansion="Accelerated Progress Plan",
    ),
    Term(
        "monitoring-visit",
        "Monitoring visit",
        "A visit by the Department for Education and NHS England to check how "
        "an improvement plan is going.",
    ),
    Term(
        "action",
        "Action",
        "One thing an improvement plan promises to do, with who is "
        "responsible and when it is due. A big action can be split into "
        "sub-actions, and its progress is then worked out from theirs.",
    ),
    Term(
        "overdue",
        "Overdue",
        "The action's due date has passed and it is not done.",
    ),
    Term(
        "superseded",
        "Superseded",
        "The action was replaced by a later one, usually in a newer plan. It "
        "no longer counts towards progress.",
    ),
    Term(
        "provisional",
        "Provisional",
        "Not yet checked against the original document. We took it from "
        "public statements, and an editor still has to confirm it.",
    ),
    Term(
        "disputed",
        "Disputed",
        "The action is marked done, but the parent carer forum says it is "
        "not done. The action's page says why.",
    ),
    Term(
        "parent-carer-forum",
        "Parent carer forum",
        "A group of parents and carers of children with SEND who work with "
        "the council and the NHS to make services better. Kent's is Kent "
        "PACT.",
    ),
    Term(
        "co-production",
        "Co-production",
        "Families, the council and the NHS designing and checking services "
        "together, as equal partners.",
    ),
    Term(
        "joint-commissioning",
        "Joint commissioning",
        "The council and the NHS deciding together which services are needed "
        "and paying for them together.",
    ),
    Term(
        "you-said-we-did",
        "You said, we did",
        "What families told us, and what the council and the NHS are doing "
        "about it. The council must publish this at least once a year.",
    ),
)

# Terms spelled out and linked in running text: the abbreviations, and the
# names families meet in page text without an abbreviation.
_IN_TEXT = [
    term
    for term in TERMS
    if term.abbreviation or term.slug in {"local-offer", "improvement-notice"}
]


def _long_forms(term: Term) -> list[str]:
    """Regexes for the term written out in full (it needs no spelling out)."""
    forms = []
    if term.spelled_out:
        forms.append(re.escape(str(conditional_escape(term.spelled_out))))
    if term.expansion:
        expansion = re.escape(str(conditional_escape(term.expansion)))
        abbreviation = re.escape(term.abbreviation)
        forms.append(rf"(?i:{expansion})(?: \({abbreviation}\))?")
    if not term.abbreviation:
        forms.append(re.escape(term.name))
    return forms


def _short_forms(term: Term) -> list[str]:
    return [form for form in (term.written, re.escape(term.abbreviation)) if form]


def _group(kind: str, index: int, forms: list[str]) -> str:
    return rf"(?P<{kind}{index}>(?<!\w)(?:{'|'.join(forms)})(?!\w))" if forms else ""


_PATTERN = re.compile(
    "|".join(
        group
        for index, term in enumerate(_IN_TEXT)
        for group in (
            _group("long", index, _long_forms(term)),
            _group("short", index, _short_forms(term)),
        )
        if group
    )
)


class PageTerms:
    """What one page has already spelled out and linked, so that each term is
    spelled out the first time and linked once, however often it appears."""

    def __init__(self):
        self.spelled: set[str] = set()
        self.linked: set[str] = set()

    def explain(self, text, *, link: bool = True) -> str:
        escaped = str(conditional_escape(text))
        return mark_safe(
            _PATTERN.sub(lambda match: self._replace(match, link), escaped)
        )

    def _replace(self, match, link: bool) -> str:
        kind = "long" if match.lastgroup.startswith("long") else "short"
        term = _IN_TEXT[int(match.lastgroup.removeprefix(kind))]
        words = match.group()
        # "mental health services (CAMHS)": the text spells it out itself.
        in_brackets = match.string[match.start() - 1 : match.start()] == "(" and (
            match.string[match.end() : match.end() + 1] == ")"
        )
        if kind == "short" and term.slug not in self.spelled and not in_brackets:
            words = str(conditional_escape(term.first_use))
        # A name written out without its abbreviation does not introduce it.
        if kind == "short" or f"({term.abbreviation})" in words:
            self.spelled.add(term.slug)
        if not link or term.slug in self.linked:
            return words
        # A term the glossary lists under its abbreviation ("DfE", "EHC") is
        # linked where the abbreviation is, not where it is written out in
        # full ("Department for Education") and needs no explaining.
        if (
            kind == "long"
            and term.name == term.abbreviation
            and term.slug not in self.spelled
        ):
            return words
        self.linked.add(term.slug)
        return format_html(
            '<a class="govuk-link" href="{}#{}">{}</a>',
            reverse("glossary"),
            term.slug,
            mark_safe(words),
        )
