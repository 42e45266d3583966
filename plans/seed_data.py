"""The tracker's first content: the two plans and the indicators for which
the project has sourced figures (../shared/DOMAIN.md, with its citations).
Summaries are in the project's own words.

The sources give the APP's size (116 actions) but not its actions' wording,
references, owners or dates, so the plan's own actions are loaded with
`import_actions` from the council's export. What is seeded here are the
commitments the public sources do state, each citing its source; where the
status is the project's reading of the source rather than a reported one, the
action is marked provisional for an editor to confirm."""

from datetime import date

KCC_PAPERS = (
    "Kent County Council committee papers, democracy.kent.gov.uk items 63367 and 64712"
)
KCC_PAPER_64712 = (
    "Kent County Council committee paper, democracy.kent.gov.uk item 64712"
)
LETTER_TO_PARENTS = "Letter to parents and carers, 9 November 2022"
REVISIT_LETTER = "Ofsted and CQC revisit letter, published 9 November 2022"
PRESS_RELEASE = "Kent County Council press release, 9 November 2022"
KCC_AREA_1_PAGE = (
    "Kent County Council's improvement plan page for area 1, as summarised in "
    "the project's domain notes"
)
PRESS_20_WEEKS = (
    "Local press reporting Kent County Council figures (Isle of Thanet News, "
    "8 August 2024; Times Local News, 2023)"
)

PLANS = [
    {
        "slug": "wsoa-2019",
        "short_name": "WSoA",
        "title": "Written Statement of Action (2019)",
        "kind": "wsoa",
        "organisations": ["kent-county-council"],
        "approved_on": date(2019, 1, 1),
        "approved_precision": "year",
        "summary": (
            "The plan Kent County Council and the Kent and Medway clinical "
            "commissioning groups wrote in 2019 to answer the nine areas of "
            "significant weakness found by the inspection that year. The exact "
            "date it was approved is not confirmed in our sources."
        ),
        "source": "Local area SEND inspection of Kent, 2019, and its revisit, 2022",
    },
    {
        "slug": "app-2023",
        "short_name": "APP",
        "title": "Accelerated Progress Plan (2023)",
        "kind": "app",
        "organisations": ["kent-county-council", "nhs-kent-and-medway"],
        "approved_on": date(2023, 7, 1),
        "approved_precision": "month",
        "summary": (
            "After the 2022 revisit found too little progress in all nine areas, "
            "the Minister issued an Improvement Notice in March 2023. The "
            "Accelerated Progress Plan, 116 actions across the nine areas, was "
            "submitted on 29 June 2023 and approved by the Department for "
            "Education in July 2023. Monitoring visits in November 2023 and "
            "April 2024 found progress in all nine areas, and the Improvement "
            "Notice was lifted on 6 August 2024, with six-monthly reviews "
            "continuing."
        ),
        "source": KCC_PAPERS,
    },
    {
        "slug": "commitments-november-2022",
        "short_name": "Nov 2022",
        "title": "Commitments to parents and carers (November 2022)",
        "kind": "other",
        "organisations": ["kent-county-council", "nhs-kent-and-medway"],
        "approved_on": date(2022, 11, 9),
        "approved_precision": "day",
        "published_in": "letter-to-parents-and-carers-on-the-revisit-letter-2022",
        "summary": (
            "What the council's director for children and the NHS Chief Nurse "
            "promised parents and carers in their letter of 9 November 2022, "
            "the day the revisit findings were published."
        ),
        "source": LETTER_TO_PARENTS,
    },
]

# Each action: its plan, a reference of the portal's own (the plans' own
# numbering is not in the sources), its area (None: all nine), what was
# promised, and dated updates (date, new status, text) that the sources give.
ACTIONS = [
    {
        "plan": "wsoa-2019",
        "reference": "WSoA (a)",
        "area": None,
        "title": "Put a new SEND strategy in place and regain families' trust",
        "description": (
            "The written statement promised swift action and a new strategy to "
            "improve support for children and young people with SEND, and to "
            "regain the trust of parents, carers and families."
        ),
        "owner_organisation": "kent-county-council",
        "status": "superseded",
        "source": PRESS_RELEASE,
        "provisional": True,
        "updates": [
            (
                date(2022, 11, 9),
                "off-track",
                "The revisit letter was published: the local area had not made "
                "sufficient progress in any of the nine areas. Source: "
                + REVISIT_LETTER
                + ".",
            ),
            (
                date(2023, 6, 29),
                "superseded",
                "The Accelerated Progress Plan, which takes over from the written "
                "statement, was submitted to the Department for Education. "
                "Source: " + KCC_PAPERS + ".",
            ),
        ],
    },
    {
        "plan": "commitments-november-2022",
        "reference": "2022.1",
        "area": None,
        "title": "Produce an Accelerated Progress Plan with the Department for "
        "Education",
        "description": (
            "A plan to transform services, covering all nine areas of weakness."
        ),
        "owner_organisation": "kent-county-council",
        "status": "done",
        "source": LETTER_TO_PARENTS,
        "provisional": False,
        "updates": [
            (
                date(2023, 6, 29),
                "done",
                "The Accelerated Progress Plan, 116 actions across the nine areas, "
                "was submitted to the Department for Education, which approved it "
                "in July 2023. Source: " + KCC_PAPERS + ".",
            ),
        ],
    },
    {
        "plan": "commitments-november-2022",
        "reference": "2022.2",
        "area": "parents-confidence",
        "title": "Rebuild trust and confidence: be more responsive, transparent "
        "and collaborative",
        "description": (
            "Build on the recent improvements that families had rightly demanded."
        ),
        "owner_organisation": "kent-county-council",
        "status": "on-track",
        "source": LETTER_TO_PARENTS,
        "provisional": True,
        "updates": [],
    },
    {
        "plan": "commitments-november-2022",
        "reference": "2022.3",
        "area": "parents-part-in-designing-services",
        "title": "Keep working with Kent PACT and reach out to other parent carer "
        "forums",
        "description": (
            "Understand families' experiences more widely and deeply, and use "
            "what is learnt to shape future plans."
        ),
        "owner_organisation": "kent-county-council",
        "status": "on-track",
        "source": LETTER_TO_PARENTS,
        "provisional": True,
        "updates": [],
    },
    *(
        {
            "plan": "app-2023",
            "reference": f"1 ({letter})",
            "area": "parents-confidence",
            "title": title,
            "description": "",
            "owner_organisation": "kent-county-council",
            "status": "on-track",
            "source": KCC_AREA_1_PAGE,
            "provisional": True,
            "updates": [],
        }
        for letter, title in [
            (
                "a",
                "Work with families and local groups so that their voices shape "
                "services",
            ),
            ("b", "Recruit more caseworkers and educational psychologists"),
            (
                "c",
                "Reduce the backlogs of annual reviews, complaints and requests "
                "for EHC needs assessments",
            ),
            ("d", "Train staff"),
        ]
    ),
]

INDICATORS = [
    {
        "slug": "ehc-plans-within-20-weeks",
        "title": "EHC plans issued within 20 weeks",
        "area": "ehc-process",
        "unit": "%",
        "target": 80,
        "target_source": "Accelerated Progress Plan target, as reported in "
        + PRESS_20_WEEKS,
        "higher_is_better": True,
        "values": [
            (date(2022, 5, 1), "May 2022", 45, PRESS_20_WEEKS, True),
            (date(2023, 6, 1), "June 2023", 13.2, PRESS_20_WEEKS, True),
        ],
    },
    {
        "slug": "ehc-needs-assessment-backlog",
        "title": "EHC needs assessments waiting (backlog)",
        "area": "ehc-process",
        "unit": "assessments",
        "target": None,
        "target_source": "",
        "higher_is_better": False,
        "values": [
            (date(2023, 9, 1), "September 2023", 1080, KCC_PAPER_64712, False),
            (date(2024, 1, 1), "January 2024", 397, KCC_PAPER_64712, False),
        ],
    },
    {
        "slug": "annual-review-backlog",
        "title": "Annual reviews overdue (backlog)",
        "area": "ehc-process",
        "unit": "annual reviews",
        "target": None,
        "target_source": "",
        "higher_is_better": False,
        "values": [
            (date(2022, 9, 1), "September 2022", 12180, KCC_PAPER_64712, False),
            (date(2024, 1, 1), "early 2024", 8310, KCC_PAPER_64712, False),
        ],
    },
]
