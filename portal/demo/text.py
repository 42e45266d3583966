"""The words of demonstration content: made-up sentences about SEND services,
with no names, places smaller than a district, schools or dates of birth, so
no generated record can point to a real family."""

DEMONSTRATION = "Demonstration"
NOTICE = (
    "*This is demonstration content made by `manage.py load_demo`. "
    "It is not a real letter and nobody wrote or signed it.*"
)

LETTER_TOPICS = [
    "Update on education, health and care needs assessments",
    "Our response to what parents and carers told us",
    "Changes to the local offer",
    "Support for children waiting for a school place",
    "Progress on the improvement plan",
    "Speech and language therapy waiting times",
    "Annual reviews of EHC plans",
    "Mental health support for young people",
    "Preparing for adulthood",
    "Home to school transport",
    "Joint commissioning between the council and the NHS",
    "The role of the parent carer forum",
]

SUMMARIES = [
    "The letter sets out what has changed since the last update.",
    "It explains how families can find out more and who to contact.",
    "It describes the next steps agreed by the council and the NHS.",
    "It answers questions raised by parents and carers at recent events.",
    "It reports the latest figures and what is being done about them.",
    "It apologises for delays and says how they will be reduced.",
]

BODY_PARAGRAPHS = [
    "We know that many families have waited too long for support, and we are "
    "sorry. This letter explains what we are doing about it.",
    "Since our last update we have recruited more staff to the assessment "
    "team and reviewed how requests are handled.",
    "Parents and carers told us they were not kept informed. From next term "
    "every family will have a named contact.",
    "We are working with schools and settings so that support starts earlier, "
    "before a formal assessment is needed.",
    "Health services are reducing waiting lists for therapies, starting with "
    "the children who have waited longest.",
    "We will publish our progress every quarter and meet the parent carer "
    "forum each month to check it.",
    "If you have questions, please contact the SEND information service.",
]

RECIPIENTS = [
    "Dear Parent or Carer",
    "To all schools and settings",
    "To the Secretary of State for Education",
    "To partners across the local area",
    "",
]

OPENINGS = [
    "We asked for an assessment and waited many months for an answer.",
    "My child started struggling at school and nobody seemed to notice.",
    "When we moved up to secondary school the support we had stopped.",
    "We were told the waiting list for therapy was over a year long.",
    "Our annual review was cancelled twice without explanation.",
    "The nursery noticed my child's needs early and helped us a lot.",
    "It took a long time to find a school that could meet my child's needs.",
    "My child has been on a part-time timetable for most of the year.",
    "We waited for a mental health appointment while things got worse.",
    "The plan we received did not describe our child at all.",
]

MIDDLES = [
    "Phone calls went unanswered and emails were not returned.",
    "Each professional asked us to tell the whole story again.",
    "The school did its best but did not have the specialist support.",
    "We felt we had to fight for every part of the plan.",
    "Nobody explained what would happen next or how long it would take.",
    "The caseworker changed three times in a year.",
    "When someone did listen, things moved quickly.",
    "Transport was arranged late, so our child missed the first weeks of term.",
    "We paid for a private report because we could not wait any longer.",
    "Our child's health and education needs were treated separately.",
    "The support in class made a real difference once it started.",
    "Meetings were arranged at short notice during working hours.",
]

ENDINGS = [
    "Things are better now, but it should not have taken so long.",
    "We are still waiting and do not know who to ask.",
    "We hope sharing this helps other families.",
    "Our child is settled now and doing well.",
    "We have lost trust in the system and want to see it change.",
    "The forum helped us understand our rights.",
]

HELPS = [
    "A named person to contact who knew our child.",
    "Being told honestly how long things would take.",
    "Support in school while we waited for the assessment.",
    "Meetings that parents who work could attend.",
    "One plan that health and education both followed.",
    "Information in plain words about what happens next.",
    "Someone checking in with us after the plan was agreed.",
    "Earlier help before things reached a crisis.",
]

RESPONSES = [
    (
        "Assessments take too long",
        "Families told us they waited months for an EHC needs assessment "
        "decision, with little news along the way.",
        "We are adding assessment staff and will tell every family where their "
        "request is each month.",
        "SEN assessment and placement service",
    ),
    (
        "Plans do not describe our children",
        "Parents and carers said plans were generic and did not reflect their "
        "child's needs or what they had said.",
        "Every plan will be checked against a quality standard written with "
        "the parent carer forum before it is issued.",
        "SEND quality assurance team",
    ),
    (
        "We were not kept informed",
        "Many families said calls and emails went unanswered.",
        "A single contact point answers within five working days, and we "
        "publish how often it does.",
        "SEND information service",
    ),
    (
        "Waiting for therapies",
        "Families described long waits for speech and language therapy and "
        "occupational therapy.",
        "The NHS is funding extra therapy sessions in schools, starting with "
        "the longest waits.",
        "Children's therapy services",
    ),
    (
        "Support for mental health",
        "Young people and parents said help came only at crisis point.",
        "Mental health support teams are being placed in more schools.",
        "Children and young people's mental health services",
    ),
    (
        "Moving on to adulthood",
        "Young people told us planning for adult life started too late.",
        "Preparing-for-adulthood reviews will start at age 14 in every plan.",
        "Preparing for adulthood team",
    ),
]

DISSENT = (
    "The forum welcomes the extra staff but does not agree that monthly "
    "updates are enough: families asked for a date."
)

ACTIONS = [
    "Recruit additional staff to the team",
    "Publish waiting times every quarter",
    "Train school staff to spot needs earlier",
    "Agree a joint process with health services",
    "Review every plan issued in the last year",
    "Set up a single contact point for families",
    "Co-produce guidance with the parent carer forum",
    "Introduce a quality standard and audit against it",
]

UPDATES = [
    "Work has started and a project lead is in post.",
    "The first phase is complete; the second is planned for next term.",
    "Recruitment is slower than planned: two posts remain open.",
    "The forum reviewed the draft and its comments have been included.",
    "Figures for the last quarter show a small improvement.",
    "Delayed while funding is agreed with partners.",
    "Completed and reported to the improvement board.",
]
