"""The portal's first content: the Kent record, loaded by `manage.py seed_content`.

Facts (dates, titles, senders, signatories and their roles on the day) are as
the source letters and `shared/DOMAIN.md` give them; bodies are summaries in
the project's own words. Once loaded, this is data that editors change in the
admin: the command only creates what is missing and never overwrites.
"""

from datetime import date

SOURCE_2019 = (
    "Ofsted and CQC, joint local area SEND inspection in Kent: "
    "letter published on 29 March 2019"
)

ORGANISATIONS = [
    {
        "slug": "kent-county-council",
        "name": "Kent County Council",
        "short_name": "KCC",
        "kind": "council",
    },
    {
        "slug": "nhs-kent-and-medway",
        "name": "NHS Kent and Medway Integrated Care Board",
        "short_name": "NHS Kent and Medway",
        "kind": "nhs",
        "existed_from": date(2022, 7, 1),
        "description": "Took over from Kent and Medway CCG on 1 July 2022.",
    },
    {
        "slug": "kent-and-medway-ccg",
        "name": "NHS Kent and Medway Clinical Commissioning Group",
        "short_name": "Kent and Medway CCG",
        "kind": "nhs",
        "existed_until": date(2022, 6, 30),
        "succeeded_by": "nhs-kent-and-medway",
        "description": "Formed in 2020 from Kent's eight CCGs; replaced by the "
        "integrated care board on 1 July 2022.",
    },
    {
        "slug": "nhs-west-kent",
        "name": "NHS West Kent",
        "kind": "nhs",
        "description": "A primary care trust, abolished in 2013.",
    },
    {
        "slug": "nhs-eastern-and-coastal-kent",
        "name": "NHS Eastern and Coastal Kent",
        "kind": "nhs",
        "description": "A primary care trust, abolished in 2013.",
    },
    {"slug": "ofsted", "name": "Ofsted", "kind": "inspectorate"},
    {
        "slug": "cqc",
        "name": "Care Quality Commission",
        "short_name": "CQC",
        "kind": "inspectorate",
    },
    {
        "slug": "dfe",
        "name": "Department for Education",
        "short_name": "DfE",
        "kind": "government",
    },
    {"slug": "nhs-england", "name": "NHS England", "kind": "nhs"},
    {
        "slug": "kent-pact",
        "name": "Kent PACT (Parents and Carers Together)",
        "short_name": "Kent PACT",
        "kind": "forum",
        "description": "The DfE-recognised parent carer forum for Kent.",
    },
    {
        "slug": "iask",
        "name": "IASK",
        "kind": "service",
        "description": "Kent's statutory SEND information, advice and support service.",
    },
]

# (person slug, name, role title, organisation slug or None, note)
ROLES = [
    (
        "sarah-hammond",
        "Sarah Hammond",
        "Corporate Director of Children, Young People and Education",
        "kent-county-council",
        "Held in 2022.",
    ),
    (
        "eileen-sills",
        "Dame Eileen Sills",
        "Chief Nurse",
        "nhs-kent-and-medway",
        "Recently appointed in November 2022.",
    ),
    (
        "rosalind-turner",
        "Rosalind Turner",
        "Managing Director, Children, Families & Education Directorate",
        "kent-county-council",
        "Held in 2010.",
    ),
    (
        "marion-dinwoodie",
        "Marion Dinwoodie",
        "Chief Executive",
        "nhs-west-kent",
        "Held in 2010.",
    ),
    (
        "ann-sutton",
        "Ann Sutton",
        "Chief Executive",
        "nhs-eastern-and-coastal-kent",
        "Held in 2010.",
    ),
    (
        "lorraine-goodsell",
        "Lorraine Goodsell",
        "Leads the multi-agency CAMHS project group",
        None,
        "Named in the NHS letter of 25 November 2010; her employing NHS body "
        "is not recorded.",
    ),
    (
        "hilary-macdonald",
        "Hilary Macdonald HMI",
        "His Majesty's Inspector",
        "ofsted",
        "Author of the 2022 revisit letter.",
    ),
]

INSPECTIONS = [
    {
        "slug": "kent-safeguarding-and-looked-after-children-2010",
        "title": "Joint inspection of safeguarding and looked after children "
        "services in Kent, 2010",
        "kind": "safeguarding",
        "inspectorates": ["ofsted", "cqc"],
        "on_site_from": date(2010, 10, 11),
        "on_site_to": date(2010, 10, 22),
        "published_on": date(2010, 11, 19),
        "outcome": "Judged inadequate",
        "summary": "Ofsted and the Care Quality Commission inspected how "
        "children in Kent are kept safe, and the services for children in care.",
    },
    {
        "slug": "kent-local-area-send-2019",
        "title": "Local area SEND inspection of Kent, 2019",
        "kind": "send",
        "inspectorates": ["ofsted", "cqc"],
        "on_site_from": date(2019, 1, 28),
        "on_site_to": date(2019, 2, 1),
        "published_on": date(2019, 3, 29),
        "dates_note": "One source gives the letter's date as 22 March 2019; "
        "this is not confirmed.",
        "outcome": "Nine areas of significant weakness; a Written Statement of "
        "Action was required",
        "summary": "Ofsted and the Care Quality Commission inspected how well "
        "the local area (Kent County Council, the NHS, schools and settings) "
        "finds and meets the needs of children and young people with special "
        "educational needs and disabilities.",
    },
    {
        "slug": "kent-local-area-send-revisit-2022",
        "title": "Local area SEND revisit of Kent, 2022",
        "kind": "send-revisit",
        "inspectorates": ["ofsted", "cqc"],
        "on_site_from": date(2022, 9, 27),
        "on_site_to": date(2022, 9, 29),
        "published_on": date(2022, 11, 9),
        "outcome": "Not made sufficient progress in any of the nine areas",
        "revisit_of": "kent-local-area-send-2019",
        "summary": "Inspectors came back to judge the progress made on each of "
        "the nine areas of significant weakness found in 2019.",
    },
]

# (number, slug, short title, finding, provisional, note)
AREAS_2019 = [
    (
        1,
        "parents-confidence",
        "Parents' confidence",
        "the widely held concern of parents that the local area is not able, or "
        "in some cases not willing, to meet their children's needs",
        False,
        "",
    ),
    (
        2,
        "inclusion-in-schools",
        "Inclusion in schools",
        "the variable quality of provision and commitment to inclusion in "
        "schools, and the lack of willingness of some schools to accommodate "
        "children and young people with SEND",
        False,
        "",
    ),
    (
        3,
        "parents-part-in-designing-services",
        "Parents' part in designing services",
        "the limited role parents and carers have in reviewing and designing "
        "services for children and young people with SEND",
        False,
        "",
    ),
    (
        4,
        "joint-commissioning",
        "Joint commissioning",
        "the inability of current joint commissioning arrangements to address "
        "known gaps and eliminate longstanding weaknesses in the services for "
        "children and young people with SEND",
        False,
        "",
    ),
    (
        5,
        "outcomes",
        "Outcomes",
        "the poor standards achieved, and progress made, by too many children "
        "and young people with SEND",
        False,
        "",
    ),
    (
        6,
        "ehc-process",
        "The EHC process",
        "the inconsistent quality of the EHC process; the lack of up-to-date "
        "assessments and limited contributions from health and care "
        "professionals; and poor processes to check and review the quality of "
        "EHC plans",
        False,
        "",
    ),
    (
        7,
        "governance",
        "Governance",
        "weak governance of SEND arrangements across the EHC system at "
        "strategic and operational level and an absence of …",
        False,
        "The rest of this finding's wording is not yet confirmed.",
    ),
    (
        8,
        "health-services-and-waiting-times",
        "Access to health services and waiting times",
        "Unequal access to health services, and long waits: up to two years for "
        "an ADHD assessment, and long waits for speech and language therapy and "
        "for mental health services.",
        True,
        "Wording drawn from the 2019 letter's other findings; not yet confirmed "
        "as the inspectors' own.",
    ),
    (
        9,
        "local-offer-and-independent-advice",
        "Knowing the Local Offer and where to get advice",
        "Families not knowing about the Local Offer, or where to get "
        "independent advice and support.",
        True,
        "Wording drawn from the 2019 letter's other findings; not yet confirmed "
        "as the inspectors' own.",
    ),
]

NINE_AREAS = [area[1] for area in AREAS_2019]

# How the share form names each area, in everyday words (the project's own).
PLAIN_TITLES = {
    "parents-confidence": "Not trusting that my child's needs will be met",
    "inclusion-in-schools": "Schools not including or welcoming children with SEND",
    "parents-part-in-designing-services": "Parents and carers not being asked "
    "when services are planned",
    "joint-commissioning": "The council and the NHS not working together to fill "
    "gaps in services",
    "outcomes": "Children and young people with SEND not doing as well as they could",
    "ehc-process": "EHC needs assessments and EHC plans",
    "governance": "How SEND services are run and checked",
    "health-services-and-waiting-times": "Getting health services, and waiting "
    "times (for example for ADHD assessment, speech and language therapy, "
    "mental health)",
    "local-offer-and-independent-advice": "Finding information, the Local Offer "
    "and independent advice",
}

LETTERS = [
    {
        "slug": "inspection-of-safeguarding-and-looked-after-children-kent-2010",
        "kind": "report",
        "title": "Inspection of safeguarding and looked after children services "
        "in Kent",
        "date": date(2010, 11, 19),
        "senders": ["ofsted"],
        "recipient": "",
        "audience": "public",
        "inspection": "kent-safeguarding-and-looked-after-children-2010",
        "areas": [],
        "signatories": [],
        "summary": "Ofsted's report of the joint Ofsted and Care Quality "
        "Commission inspection carried out from 11 to 22 October 2010. It "
        "judged Kent's services for safeguarding children and for looked after "
        "children to be inadequate.",
        "body": (
            "Inspectors from Ofsted and the Care Quality Commission (CQC) spent "
            "two weeks in Kent in October 2010 looking at how well children are "
            "kept safe and how children in care are looked after.\n\n"
            "They judged the services inadequate. The report asked the council "
            "and its partners, including the NHS, to improve, and named areas "
            "for improvement. The CQC's own reports on the health services "
            "followed later.\n\n"
            "The NHS letter of 25 November 2010 on this site answers this report."
        ),
    },
    {
        "slug": "nhs-commitment-after-2010-safeguarding-inspection",
        "kind": "letter",
        "title": "Joint Ofsted/CQC Inspection in relation to Safeguarding and "
        "Looked after Children",
        "date": date(2010, 11, 25),
        "senders": ["nhs-west-kent", "nhs-eastern-and-coastal-kent"],
        "recipient": "Rosalind Turner, Managing Director, Children, Families & "
        "Education Directorate, Kent County Council",
        "audience": "named",
        "inspection": "kent-safeguarding-and-looked-after-children-2010",
        "in_reply_to": "inspection-of-safeguarding-and-looked-after-children-kent-2010",
        "areas": [],
        "signatories": ["marion-dinwoodie", "ann-sutton"],
        "summary": "The chief executives of Kent's two primary care trusts wrote "
        "to the council's children's services director to commit the NHS to "
        "fixing what the 2010 inspection found, including mental health "
        "services (CAMHS) for looked after children.",
        "body": (
            "The two NHS chief executives say the inspection report is of grave "
            "concern and commit to working with the council on lasting "
            "improvement, in particular on:\n\n"
            "- partnership arrangements\n"
            "- quality assurance\n"
            "- performance management\n\n"
            "## Mental health services for children in care\n\n"
            "They will address the gaps found in child and adolescent mental "
            "health services (CAMHS) for looked after children. Work on the "
            "emotional wellbeing and mental health of children and young people "
            "up to 18 had already begun. They describe it as a whole-system "
            "challenge, as the CAMHS National Support Team had also found, being "
            "taken forward by a multi-agency project group through Lorraine "
            "Goodsell.\n\n"
            "## Health findings\n\n"
            "Draft CQC reports for East and West Kent had arrived and backed the "
            "health improvements the Ofsted report named, with further "
            "recommendations. Final reports were expected in the week ending "
            "Friday 3 December 2010.\n\n"
            "## Working through one board\n\n"
            "The council had set up an Improvement Board, and the NHS was setting "
            "up its own process for health recommendations. Where a "
            "recommendation needs the organisations to work together, the letter "
            "proposes that the council's board lead it, and that Lorraine "
            "Goodsell and a second NHS colleague, to be named, join the board."
        ),
    },
    {
        "slug": "ofsted-cqc-revisit-letter-kent-2022",
        "kind": "inspection-letter",
        "title": "Ofsted and CQC letter on the revisit of the Kent local area's "
        "SEND services",
        "date": date(2022, 11, 9),
        "senders": ["ofsted", "cqc"],
        "recipient": "Sarah Hammond, Corporate Director of Children, Young "
        "People and Education, Kent County Council",
        "audience": "named",
        "inspection": "kent-local-area-send-revisit-2022",
        "areas": NINE_AREAS,
        "signatories": ["hilary-macdonald"],
        "summary": "Inspectors from Ofsted and the Care Quality Commission "
        "revisited Kent from 27 to 29 September 2022 and found that the local "
        "area had not made sufficient progress in any of the nine areas of "
        "significant weakness found in 2019.",
        "body": (
            "In 2019 inspectors found nine areas of significant weakness in how "
            "the local area - Kent County Council, the NHS in Kent and Medway, "
            "and schools and other settings - supports children and young "
            "people with special educational needs and disabilities.\n\n"
            "On the revisit, inspectors spoke with children and young people "
            "with SEND, parents and carers, representatives of the parent carer "
            "forum Kent PACT, school leaders, and council and NHS staff. They "
            "looked at information about the area's performance, including its "
            "repositioning statement and self-evaluation.\n\n"
            "They judged that the area had not made sufficient progress in "
            "addressing any of the nine areas."
        ),
    },
    {
        "slug": "letter-to-parents-and-carers-on-the-revisit-letter-2022",
        "kind": "letter",
        "title": "Publication of the Ofsted/CQC Local Area revisit letter",
        "date": date(2022, 11, 9),
        "senders": ["kent-county-council", "nhs-kent-and-medway"],
        "recipient": "Parent or Carer",
        "audience": "parents-carers",
        "inspection": "kent-local-area-send-revisit-2022",
        "in_reply_to": "ofsted-cqc-revisit-letter-kent-2022",
        "areas": NINE_AREAS,
        "signatories": ["sarah-hammond", "eileen-sills"],
        "summary": "On the morning the revisit findings were published, the "
        "council's director for children and the NHS Chief Nurse wrote to "
        "parents and carers: they accepted the findings in full, apologised, "
        "and said they would produce an Accelerated Progress Plan with the "
        "Department for Education.",
        "body": (
            "The letter tells parents and carers that Ofsted and the CQC have "
            "published their findings from the revisit: the local area has not "
            "made sufficient progress on any of the nine areas of significant "
            "weakness found in 2019.\n\n"
            "The council and the NHS accept the findings in full. They apologise "
            "to the children, parents and carers who have been let down, and say "
            "they are very sorry for the effect on families.\n\n"
            "## What they committed to\n\n"
            "- Rebuild trust and confidence in the SEND system, building on recent "
            "improvements that families had rightly demanded, and be more "
            "responsive, transparent and collaborative.\n"
            "- Continue co-production with Kent PACT, and reach out to other "
            "parent carer forums to understand families' experiences better and "
            "use them to shape plans.\n"
            "- Work with the Department for Education on an Accelerated Progress "
            "Plan to transform services, and publish what it involves, and who, "
            "on the SEND Information Hub (the Local Offer) in the following weeks."
        ),
    },
    {
        "slug": "council-and-health-bosses-apologise-2022",
        "kind": "press-release",
        "title": "Council and health bosses apologise for continued failure to "
        "meet the needs of SEND children in Kent",
        "date": date(2022, 11, 9),
        "senders": ["kent-county-council"],
        "recipient": "",
        "audience": "public",
        "inspection": "kent-local-area-send-revisit-2022",
        "in_reply_to": "ofsted-cqc-revisit-letter-kent-2022",
        "areas": NINE_AREAS,
        "signatories": [],
        "summary": "Kent County Council's press release: the Leader of the "
        "council and the Chief Nurse of the NHS in Kent and Medway apologised "
        "after the revisit found insufficient progress on the nine areas of "
        "weakness identified in 2019.",
        "body": (
            "The press release sets out the background: the 2019 inspection "
            "found nine areas of weakness, and the council and the NHS submitted "
            "a written statement promising swift action and a new strategy. The "
            "September 2022 revisit found that the local area had not made "
            "sufficient progress.\n\n"
            "The Leader of the council says the area has not improved enough in "
            "the three years since the inspection, and that it will apply to "
            "SEND the approach that led Ofsted to rate Kent's children's "
            "services outstanding earlier in 2022, with children's needs and "
            "rights at the centre.\n\n"
            "Dame Eileen Sills, the recently appointed Chief Nurse of NHS Kent "
            "and Medway, says the NHS is truly sorry that it continues to fail "
            "too many children and young people with SEND in Kent, and that it "
            "understands the frustration and anger of families. She notes that "
            "the Covid pandemic has added to the pressure on people's mental "
            "health."
        ),
    },
]
