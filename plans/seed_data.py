"""The tracker's first content: the two plans and the indicators for which
the project has sourced figures (../shared/DOMAIN.md, with its citations).
Summaries are in the project's own words. Actions are not seeded: the
sources give the size of the plans (116 actions in the APP) but not their
wording, owners or dates; load them with `import_actions`."""

from datetime import date

KCC_PAPERS = (
    "Kent County Council committee papers, democracy.kent.gov.uk items 63367 and 64712"
)
KCC_PAPER_64712 = (
    "Kent County Council committee paper, democracy.kent.gov.uk item 64712"
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
