"""The staff insights page: who may see it, what it counts, and how it shows it."""

import datetime
import operator
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback.charts import bar_chart
from feedback.models import District, Experience, Theme
from letters.models import AreaOfWeakness
from tests.factories import (
    HOSTILE,
    AreaFactory,
    ExperienceFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)

INSIGHTS = reverse("insights:index")
EXPORT = reverse("insights:export")
UTC = datetime.UTC

ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1),
    st.builds(
        operator.mul, st.text(min_size=1, max_size=4), st.integers(2_000, 20_000)
    ),
    st.sampled_from(
        [HOSTILE, "\x00", "%00", "' OR 1=1 --", "-1", "31/02/2024", "9" * 5_000]
    ),
)
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
FILTERS = [
    "area",
    "theme",
    "district",
    "setting",
    "status",
    "submitted_from",
    "submitted_to",
]


class _Tables(HTMLParser):
    """Each insights table's caption → {row heading: number}, as a reader sees
    them. Other tables (the admin's navigation) are passed over."""

    def __init__(self):
        super().__init__()
        self.tables = {}
        self._where = None
        self._caption = ""
        self._row_heading = ""
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption" or (tag == "th" and attrs.get("scope") == "row"):
            self._where, self._text = tag, ""
        elif tag == "td" and self._row_heading:
            self._where, self._text = "td", ""

    def handle_data(self, data):
        if self._where:
            self._text += data

    def handle_endtag(self, tag):
        if tag != self._where:
            return
        text = self._text.strip()
        if tag == "caption":
            self._caption = text if text.startswith("Experiences by") else None
            if self._caption:
                self.tables[text] = {}
        elif tag == "th":
            self._row_heading = text if self._caption else ""
        else:
            self.tables[self._caption][self._row_heading] = int(text.replace(",", ""))
            self._row_heading = ""
        self._where = None


def tables(response) -> dict[str, dict[str, int]]:
    reader = _Tables()
    reader.feed(response.text)
    return reader.tables


def page_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.DOTALL).group(1)


def matching(response) -> int:
    """How many experiences the page counted: each has one setting row."""
    return sum(tables(response)["Experiences by setting"].values())


@pytest.fixture
def analyst_client(client, user_with_role, kent):
    client.force_login(user_with_role("Analyst"))
    return client


@pytest.fixture
def counted(kent):
    """Five active experiences across areas, themes, districts, settings and
    months, and a withdrawn one that matches them all and must never count."""
    areas = {area.slug: area for area in AreaOfWeakness.objects.all()}
    ehc, governance = areas["ehc-process"], areas["governance"]
    waiting = ThemeFactory(name="Waiting too long", slug="waiting-too-long")
    school = ThemeFactory(name="School support", slug="school-support")
    thanet = District.objects.get(slug="thanet")
    dover = District.objects.get(slug="dover")

    def at(year, month, day, hour=12):
        return datetime.datetime(year, month, day, hour, tzinfo=UTC)

    ExperienceFactory(
        areas=[ehc, governance],
        themes=[waiting],
        district=thanet,
        setting=Experience.Setting.PRIMARY,
        submitted_at=at(2024, 1, 10),
    )
    ExperienceFactory(
        areas=[ehc],
        themes=[waiting, school],
        district=thanet,
        setting=Experience.Setting.PRIMARY,
        submitted_at=at(2024, 1, 31, 23),  # still January in UK time (GMT)
        status=Experience.Status.IN_REVIEW,
    )
    ExperienceFactory(
        areas=[ehc],
        district=dover,
        setting=Experience.Setting.SPECIAL,
        submitted_at=at(2024, 3, 31, 23),  # 1 April in UK time (BST)
        status=Experience.Status.NOT_PUBLISHED,
    )
    ExperienceFactory(
        areas=[governance],
        themes=[school],
        submitted_at=at(2024, 3, 2),
        status=Experience.Status.PUBLISHED,
        public_version="We waited.",
    )
    ExperienceFactory(submitted_at=at(2024, 3, 5))
    ExperienceFactory(
        status=Experience.Status.WITHDRAWN,
        what_happened="",
        withdrawn_at=at(2024, 4, 1),
        areas=[ehc, governance],
        themes=[waiting, school],
        district=thanet,
        setting=Experience.Setting.PRIMARY,
        submitted_at=at(2024, 1, 11),
    )


# Who may see it ---------------------------------------------------------------


@pytest.mark.parametrize("url", [INSIGHTS, EXPORT])
def test_signed_out_visitors_are_sent_to_the_staff_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [INSIGHTS, EXPORT])
def test_forum_partners_are_not_staff_and_are_sent_to_sign_in(
    client, user_with_role, kent, url
):
    from tests.factories import ForumFactory

    client.force_login(user_with_role("Forum partner", forum=ForumFactory()))

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [INSIGHTS, EXPORT])
def test_a_moderator_without_the_insights_permission_is_refused(
    client, user_with_role, kent, url
):
    client.force_login(user_with_role("Moderator"))

    response = client.get(url)

    assert response.status_code == 403


def test_an_analyst_sees_the_insights_page_with_a_link_to_the_export(
    analyst_client,
):
    response = analyst_client.get(INSIGHTS)

    assert response.status_code == 200
    assert "<h1>Insights</h1>" in response.text
    assert f'href="{EXPORT}"' in response.text
    assert "The spreadsheet leaves out contact details." in response.text


def test_staff_who_may_see_insights_but_not_export_get_no_export_link(
    client, django_user_model, kent
):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_insights"))
    client.force_login(user)

    page = client.get(INSIGHTS)
    export = client.get(EXPORT)

    assert page.status_code == 200
    assert EXPORT not in page.text
    assert export.status_code == 403


# What it counts ---------------------------------------------------------------


def test_counts_by_area_theme_district_setting_and_month(analyst_client, counted):
    response = analyst_client.get(INSIGHTS)

    counts = tables(response)
    by_area = counts["Experiences by area of weakness"]
    assert by_area["Area 6: The EHC process"] == 3
    assert by_area["Area 7: Governance"] == 2
    assert by_area["Area 1: Parents' confidence"] == 0
    assert by_area["No area named"] == 1
    by_theme = counts["Experiences by theme"]
    assert by_theme["Waiting too long"] == 2
    assert by_theme["School support"] == 2
    assert by_theme["No theme yet"] == 2
    by_district = counts["Experiences by district"]
    assert by_district["Thanet"] == 2
    assert by_district["Dover"] == 1
    assert by_district["Ashford"] == 0
    assert by_district["Not given"] == 2
    by_setting = counts["Experiences by setting"]
    assert by_setting["Mainstream primary school"] == 2
    assert by_setting["Special school"] == 1
    assert by_setting["Not given"] == 2
    assert counts["Experiences by month"] == {
        "January 2024": 2,
        "February 2024": 0,
        "March 2024": 2,
        "April 2024": 1,
    }
    assert "5 experiences" in response.text


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 5),
        ({"area": "ehc-process"}, 3),
        ({"area": "governance", "theme": "school-support"}, 1),
        ({"theme": "waiting-too-long"}, 2),
        ({"district": "thanet"}, 2),
        ({"setting": "special"}, 1),
        ({"status": "new"}, 2),
        ({"status": "published"}, 1),
        ({"submitted_from": "1/3/2024"}, 3),
        ({"submitted_to": "31/01/2024"}, 2),
        ({"submitted_from": "2024-03-01", "submitted_to": "31/3/2024"}, 2),
        ({"area": "outcomes"}, 0),
    ],
)
def test_each_filter_narrows_every_count(analyst_client, counted, filters, expected):
    response = analyst_client.get(INSIGHTS, filters)

    counts = tables(response)
    assert matching(response) == expected
    assert sum(counts["Experiences by month"].values()) == expected
    assert sum(counts["Experiences by district"].values()) == expected
    assert f"{expected} experience" in response.text


def test_the_end_date_includes_that_whole_day_in_uk_time(analyst_client, counted):
    # 31 March 2024 23:00 UTC is already 1 April in the UK.
    up_to_march = analyst_client.get(INSIGHTS, {"submitted_to": "31/3/2024"})
    from_april = analyst_client.get(INSIGHTS, {"submitted_from": "1/4/2024"})

    assert matching(up_to_march) == 4
    assert matching(from_april) == 1


def test_withdrawn_experiences_are_never_counted(analyst_client, counted):
    everything = analyst_client.get(INSIGHTS)
    asked_for = analyst_client.get(INSIGHTS, {"status": "withdrawn"})

    assert Experience.objects.count() == 6
    assert matching(everything) == 5
    assert "Withdrawn" not in everything.text
    assert page_title(asked_for).startswith("Error: ")
    assert "Choose from the list" in asked_for.text


def test_the_export_link_carries_the_filters(analyst_client, counted):
    response = analyst_client.get(
        INSIGHTS, {"area": "ehc-process", "submitted_from": "1/1/2024", "theme": ""}
    )

    link = re.search(r'href="(/admin/insights/export\.csv[^"]*)"', response.text)
    assert link.group(1) == (f"{EXPORT}?area=ehc-process&amp;submitted_from=2024-01-01")


# Bad input --------------------------------------------------------------------


def test_an_unknown_area_and_an_impossible_date_say_what_is_wrong(
    analyst_client, counted
):
    response = analyst_client.get(
        INSIGHTS, {"area": "nowhere", "submitted_from": "31/02/2024"}
    )

    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert '<a href="#id_area">Choose from the list</a>' in response.text
    assert (
        '<a href="#id_submitted_from">Enter a real date, like 27/3/2024</a>'
        in response.text
    )
    assert 'value="31/02/2024"' in response.text  # the answer is kept
    assert "Experiences by area" not in response.text


def test_an_end_date_before_the_start_date_is_refused(analyst_client, counted):
    response = analyst_client.get(
        INSIGHTS, {"submitted_from": "1/4/2024", "submitted_to": "1/3/2024"}
    )

    assert page_title(response).startswith("Error: ")
    assert "The end date must be the same as or after the start" in response.text
    assert 'value="1/4/2024"' in response.text
    assert 'value="1/3/2024"' in response.text


@pytest.mark.parametrize("name", FILTERS)
@HYPOTHESIS
@given(value=ANY_TEXT)
def test_any_filter_value_gives_a_page_never_a_server_error(
    analyst_client, kent, name, value
):
    response = analyst_client.get(INSIGHTS, {name: value})

    assert response.status_code == 200
    has_errors = "There is a problem with the filters" in response.text
    assert page_title(response).startswith("Error: ") is has_errors
    known = {
        "area": set(AreaOfWeakness.objects.values_list("slug", flat=True)),
        "theme": set(Theme.objects.values_list("slug", flat=True)),
        "district": set(District.objects.values_list("slug", flat=True)),
        "setting": set(Experience.Setting.values),
        "status": set(Experience.Status.values) - {Experience.Status.WITHDRAWN},
    }
    if name in known and value not in known[name] | {""}:
        assert has_errors


@HYPOTHESIS
@given(values=st.fixed_dictionaries(dict.fromkeys(FILTERS, ANY_TEXT)))
def test_any_combination_of_filter_values_gives_a_page(analyst_client, kent, values):
    response = analyst_client.get(INSIGHTS, values)

    assert response.status_code == 200


def test_hostile_names_are_shown_as_text_in_charts_and_tables(
    analyst_client, kent, assert_harmless
):
    theme = ThemeFactory(name=HOSTILE)
    area = AreaFactory(short_title=HOSTILE)
    ExperienceFactory(areas=[area], themes=[theme], what_happened=HOSTILE)

    response = analyst_client.get(INSIGHTS)

    assert_harmless(response.text)
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    # In the theme chart's label, its description, the table and the filter.
    assert response.text.count(escaped) >= 8
    assert (
        tables(response)["Experiences by theme"][
            '<script>alert("x")</script><img src=x onerror=alert(1)>'
        ]
        == 1
    )


# How it shows them ------------------------------------------------------------


def test_each_chart_is_an_image_named_by_its_title_with_every_number_in_words(
    analyst_client, counted
):
    response = analyst_client.get(INSIGHTS)

    charts = re.findall(
        r"<svg class=\"app-chart\" role=\"img\".*?</svg>", response.text, re.DOTALL
    )
    assert len(charts) == 5
    for chart in charts:
        assert 'role="img"' in chart
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', chart).group(1)
        described_by = re.search(r'aria-describedby="([^"]+)"', chart).group(1)
        assert f'<title id="{labelled_by}">Experiences by ' in chart
        assert f'<desc id="{described_by}">Bar chart. ' in chart
        # Every bar has its label and its number as text, not colour alone.
        assert chart.count("<rect ") * 2 == chart.count("<text ")
        assert len(set(re.findall(r'fill="(#[0-9a-f]+)"', chart))) == 1
    month_chart = next(chart for chart in charts if "chart-month" in chart)
    assert "January 2024: 2 experiences; February 2024: 0 experiences" in month_chart


def test_bars_are_as_long_as_their_share_of_the_largest():
    chart = bar_chart(id="c", title="T", rows=[("a", 10), ("b", 5), ("c", 0)])

    longest, half, none = chart.bars
    assert half.length == pytest.approx(longest.length / 2)
    assert none.length == 0
    assert [bar.count_text for bar in chart.bars] == ["10", "5", "0"]
    assert (
        chart.summary
        == "Bar chart. a: 10 experiences; b: 5 experiences; c: 0 experiences."
    )
    assert chart.height > 0


def test_a_chart_of_nothing_says_so():
    chart = bar_chart(id="c", title="T", rows=[])

    assert chart.bars == []
    assert chart.summary == "Bar chart with no experiences to show."


def test_long_labels_are_shortened_in_the_chart_but_not_the_table(analyst_client, kent):
    long_name = "A theme with a very long name " * 3
    ThemeFactory(name=long_name.strip())

    response = analyst_client.get(INSIGHTS)

    assert f'<th scope="row">{long_name.strip()}</th>' in response.text
    label = re.search(
        r'<text x="0" y="\d+" fill="currentColor">(A theme with[^<]*)</text>',
        response.text,
    )
    assert label.group(1).endswith("…")
    assert len(label.group(1)) <= 68


# Constant queries -------------------------------------------------------------

MOST_QUERIES = 17  # with the device that gave the second factor


@pytest.mark.parametrize("count", [10, 2_000])
@pytest.mark.parametrize(
    "filters", [{}, {"area": "ehc-process", "theme": "counted-theme", "status": "new"}]
)
def test_the_page_runs_the_same_queries_for_10_or_2000_experiences(
    analyst_client, kent, django_assert_max_num_queries, count, filters
):
    areas = AreaOfWeakness.objects.filter(slug__in=["ehc-process", "governance"])
    themes = [ThemeFactory(slug="counted-theme"), *ThemeFactory.create_batch(2)]
    create_experiences_in_bulk(
        count,
        areas=areas,
        themes=themes,
        district=District.objects.get(slug="thanet"),
        setting=Experience.Setting.PRIMARY,
    )

    with django_assert_max_num_queries(MOST_QUERIES):
        response = analyst_client.get(INSIGHTS, filters)

    assert response.status_code == 200
    assert matching(response) == count


@pytest.mark.parametrize(
    ("role", "shortcuts", "absent"),
    [
        ("Analyst", ["Insights"], ["Moderation queue"]),
        ("Moderator", ["Moderation queue"], ["Insights"]),
        ("Editor", [], ["Insights", "Moderation queue"]),
        (
            "Administrator",
            ["Insights", "Audit trail", "Find a person's data"],
            [],
        ),
        ("Analyst", [], ["Audit trail", "Find a person's data"]),
    ],
)
def test_staff_home_offers_the_shortcuts_each_role_may_use(
    client, user_with_role, role, shortcuts, absent
):
    client.force_login(user_with_role(role))

    page = client.get(reverse("admin:index")).text

    for name in shortcuts:
        assert f">{name}</a>" in page
    for name in absent:
        assert f">{name}</a>" not in page
