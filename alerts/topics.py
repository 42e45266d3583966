"""What a subscription topic means, in words: checked for shape before any
query (a topic comes from a URL, and PostgreSQL refuses a NUL), then looked
up, so that a page or an email can say what the person will hear about."""

import re

from consultations.models import Consultation
from letters.models import AreaOfWeakness, Letter
from plans.models import Action

# The topics that name no one thing, and what each covers.
GENERAL = {
    "everything": "Everything: new letters, responses, progress on the "
    "improvement plans and consultations",
    "letters": "New letters",
    "responses": "New responses in \u2018You said, we did\u2019",
    "progress": "Progress on the improvement plans\u2019 actions",
    "consultations": "Consultations: when they open, close and their outcomes",
}
# The few words after "Get emails about", for the link on each page.
LINK_WORDS = {
    "everything": "new letters, responses and progress",
    "letters": "new letters",
    "responses": "new responses",
    "progress": "progress on actions",
    "consultations": "consultations",
    "area": "this area",
    "letter": "this letter and its replies",
    "action": "this action",
    "consultation": "this consultation",
}
TOPIC = re.compile(
    r"(?P<general>everything|letters|responses|progress|consultations)"
    r"|area:(?P<area>[a-z0-9]+(?:-[a-z0-9]+)*)"
    r"|(?P<kind>letter|action|consultation):(?P<pk>[1-9][0-9]{0,9})",
    re.ASCII,
)
MAX_LENGTH = 100


def topic_parts(topic) -> tuple[str, str] | None:
    """(kind, key) of a well-formed topic, e.g. ("area", "outcomes"),
    ("letters", ""); None for anything else."""
    if not isinstance(topic, str) or len(topic) > MAX_LENGTH:
        return None
    matched = TOPIC.fullmatch(topic)
    if matched is None:
        return None
    if matched["general"]:
        return matched["general"], ""
    if matched["area"]:
        return "area", matched["area"]
    return matched["kind"], matched["pk"]


def link_words(topic: str) -> str | None:
    """What a page's "Get emails about …" link says: no query."""
    parts = topic_parts(topic)
    return LINK_WORDS[parts[0]] if parts else None


def topic_describe(topic) -> str | None:
    """The topic in words, or None when it is malformed or names nothing
    public: one query for one thing, none for a general topic."""
    if topic_parts(topic) is None:
        return None
    return _in_words([topic]).get(topic)


def topics_describe(topics: list[str]) -> dict[str, str]:
    """Each of `topics` in words, for the manage page and subject access:
    one query per kind of thing named, whatever the number. A topic whose
    thing is no longer public says so."""
    found = _in_words(topics)
    return {topic: found.get(topic, GONE) for topic in topics}


GONE = "Something no longer published here"
WORDS = {
    "area": "Everything about the area of weakness {}",
    "letter": "The letter {} and the replies to it",
    "action": "Progress on the action {}",
    "consultation": "The consultation {}: when it opens and closes, and its outcome",
}


def _public(kind: str):
    """The public rows of a kind, as (key, title) pairs."""
    if kind == "area":
        return AreaOfWeakness.objects.values_list("slug", "short_title"), "slug"
    queryset = {
        "letter": lambda: Letter.objects.on_record(),
        "action": lambda: Action.objects.all(),
        "consultation": lambda: Consultation.objects.public(),
    }[kind]()
    return queryset.values_list("pk", "title"), "pk"


def _in_words(topics: list[str]) -> dict[str, str]:
    wanted: dict[str, set[str]] = {}
    words = {}
    for topic in topics:
        parts = topic_parts(topic)
        if parts is None:
            continue
        if parts[0] in GENERAL:
            words[topic] = GENERAL[parts[0]]
        else:
            wanted.setdefault(parts[0], set()).add(parts[1])
    for kind, keys in wanted.items():
        rows, field = _public(kind)
        for key, title in rows.filter(**{f"{field}__in": keys}):
            words[f"{kind}:{key}"] = WORDS[kind].format(f"\u2018{title}\u2019")
    return words
