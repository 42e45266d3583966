"""The tally of published experiences: whatever writes an experience or its
links (a service, the admin, bulk_create, update, delete), every row equals
a count made afresh from the experiences; and the public pages read their
counts from it."""

import itertools
from collections import Counter

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.page_cache import public_pages_changed
from feedback import services
from feedback.models import District, Experience, ExperienceTally
from letters.models import AreaOfWeakness
from tests.factories import (
    AreaFactory,
    PublishedExperienceFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)
from tests.strategies import examples

PUBLISHED, NEW, DECLINED = (
    Experience.Status.PUBLISHED,
    Experience.Status.NEW,
    Experience.Status.NOT_PUBLISHED,
)
ANY = ExperienceTally.ANY


def counted_afresh() -> Counter:
    """What every row should hold, worked out from the experiences one by
    one, as the tally's meaning says: each published experience counts once
    in every combination of its areas, its themes and its district, each
    or "any"."""
    expected = Counter()
    for experience in Experience.objects.published().prefetch_related(
        "areas", "themes"
    ):
        areas = [ANY, *(area.pk for area in experience.areas.all())]
        themes = [ANY, *(theme.pk for theme in experience.themes.all())]
        districts = [ANY, *([experience.district_id] if experience.district_id else [])]
        expected.update(itertools.product(areas, themes, districts))
    return expected


def tally() -> Counter:
    rows = ExperienceTally.objects.values_list(
        "area_key", "theme_key", "district_key", "published"
    )
    assert all(published >= 0 for *_, published in rows)
    return Counter({tuple(key): published for *key, published in rows if published})


def assert_tally_is_right():
    assert tally() == counted_afresh()


def waiting(**fields) -> Experience:
    """Ready to publish (a public version, consent), waiting for a moderator."""
    return PublishedExperienceFactory(status=NEW, moderated_at=None, **fields)


@pytest.fixture
def places(db):
    areas = AreaFactory.create_batch(3)
    themes = ThemeFactory.create_batch(3)
    districts = list(District.objects.all()[:2])
    assert len(districts) == 2, "the districts come with a data migration"
    return areas, themes, districts


def test_publishing_counts_an_experience_in_every_row_it_falls_under(places):
    areas, themes, districts = places
    experience = waiting(areas=areas[:2], themes=themes[:1], district=districts[0])
    assert tally() == Counter()

    experience.status = PUBLISHED
    experience.save()

    assert tally() == Counter(
        {
            (area, theme, district): 1
            for area in (ANY, areas[0].pk, areas[1].pk)
            for theme in (ANY, themes[0].pk)
            for district in (ANY, districts[0].pk)
        }
    )


def test_links_made_after_publishing_are_counted_once(places):
    areas, themes, districts = places
    experience = PublishedExperienceFactory(district=districts[1])

    experience.areas.add(areas[0])
    experience.themes.add(themes[0], themes[1])
    experience.areas.add(areas[2])

    assert_tally_is_right()
    assert tally()[(areas[0].pk, themes[1].pk, districts[1].pk)] == 1
    assert tally()[(ANY, ANY, ANY)] == 1


def test_every_way_of_writing_keeps_the_tally_right(places):
    areas, themes, districts = places
    first, second = PublishedExperienceFactory.create_batch(
        2, areas=areas[:2], themes=themes[1:], district=districts[0]
    )
    create_experiences_in_bulk(
        4, areas=areas[1:], themes=themes[:2], factory_class=PublishedExperienceFactory
    )
    held = waiting(areas=areas, themes=themes)
    assert_tally_is_right()

    first.district = districts[1]
    first.save()
    assert_tally_is_right()
    first.district = None
    first.save()
    assert_tally_is_right()
    second.areas.remove(areas[0])
    second.themes.clear()
    assert_tally_is_right()
    second.areas.set([areas[2], areas[0]])
    assert_tally_is_right()
    Experience.objects.filter(pk=held.pk).update(status=PUBLISHED)
    assert_tally_is_right()
    Experience.objects.filter(areas=areas[2]).update(status=DECLINED)
    assert_tally_is_right()
    Experience.objects.filter(pk=held.pk).delete()
    assert_tally_is_right()
    AreaOfWeakness.objects.filter(pk=areas[1].pk).delete()
    assert_tally_is_right()
    Experience.objects.all().delete()
    assert tally() == Counter()


def test_withdrawal_through_the_service_takes_the_experience_out(places):
    areas, themes, districts = places
    experience = PublishedExperienceFactory(
        areas=areas[:1], themes=themes[:1], district=districts[0]
    )
    PublishedExperienceFactory(areas=areas[:1])

    services.experience_withdraw(experience=experience)

    assert_tally_is_right()
    assert tally()[(areas[0].pk, ANY, ANY)] == 1


WRITES = st.lists(
    st.tuples(
        st.sampled_from(
            ["publish", "unpublish", "area", "unarea", "theme", "untheme", "district"]
        ),
        st.integers(min_value=0, max_value=3),
        st.integers(min_value=0, max_value=2),
    ),
    max_size=12,
)


@examples(25)
@given(writes=WRITES)
def test_any_order_of_writes_keeps_the_tally_right(places, writes):
    areas, themes, districts = places
    experiences = list(Experience.objects.order_by("pk")[:4])
    while len(experiences) < 4:
        experiences.append(waiting())
    for write, which, what in writes:
        experience = experiences[which]
        if write in ("publish", "unpublish"):
            experience.status = PUBLISHED if write == "publish" else NEW
            experience.save()
        elif write == "area":
            experience.areas.add(areas[what])
        elif write == "unarea":
            experience.areas.remove(areas[what])
        elif write == "theme":
            experience.themes.add(themes[what])
        elif write == "untheme":
            experience.themes.remove(themes[what])
        else:
            experience.district = (districts + [None])[what]
            experience.save()
    assert_tally_is_right()


# The pages read it --------------------------------------------------------------


def test_the_area_page_counts_from_the_tally(client, places):
    areas, _, _ = places
    create_experiences_in_bulk(
        7, areas=areas[:1], factory_class=PublishedExperienceFactory
    )
    create_experiences_in_bulk(3, areas=areas[:1])

    page = client.get(areas[0].get_absolute_url()).content.decode()

    assert "7 published experiences are about this area" in page
    # The tally, not a count: a row the database did not write is believed.
    ExperienceTally.objects.filter(area_key=areas[0].pk, theme_key=ANY).update(
        published=1234
    )
    public_pages_changed()
    page = client.get(areas[0].get_absolute_url()).content.decode()
    assert "1,234 published experiences are about this area" in page


@pytest.mark.parametrize(
    "chosen", [(), ("area",), ("theme",), ("district",), ("area", "theme", "district")]
)
def test_each_filtered_list_says_how_many_it_holds(client, places, chosen):
    areas, themes, districts = places
    create_experiences_in_bulk(
        6,
        areas=areas[:1],
        themes=themes[:1],
        factory_class=PublishedExperienceFactory,
        district=districts[0],
    )
    create_experiences_in_bulk(
        5, areas=areas[1:2], themes=themes[:1], factory_class=PublishedExperienceFactory
    )
    filters = {
        "area": areas[0].slug,
        "theme": themes[0].slug,
        "district": districts[0].slug,
    }
    query = {name: filters[name] for name in chosen}
    listed = Experience.objects.published()
    if "area" in chosen:
        listed = listed.filter(areas=areas[0])
    if "theme" in chosen:
        listed = listed.filter(themes=themes[0])
    if "district" in chosen:
        listed = listed.filter(district=districts[0])

    page = client.get(reverse("feedback:experiences"), query).content.decode()

    assert f"{listed.count()} published experiences" in page


def test_a_refused_filter_counts_as_any(client, places):
    create_experiences_in_bulk(6, factory_class=PublishedExperienceFactory)

    page = client.get(reverse("feedback:experiences"), {"area": "nonsense"})

    assert page.status_code == 200
    assert "6 published experiences" in page.content.decode()
