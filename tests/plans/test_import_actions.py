"""`import_actions`: a plan's actions from a spreadsheet export, all rows or
none, every rejected row named by its line."""

import datetime
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plans.models import Action
from plans.progress import derived_progress
from tests.factories import HOSTILE, AreaFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "reference,title,area,parent,weight,description,owner organisation,"
    "owner role,starts on,due on,status,progress"
)


@pytest.fixture
def area():
    return AreaFactory(number=1, slug="co-production")


@pytest.fixture
def council():
    return OrganisationFactory(name="Kent County Council", slug="kent-cc")


@pytest.fixture
def csv_file(tmp_path):
    def write(*lines, header=HEADER, encoding="utf-8", name="actions.csv"):
        path = tmp_path / name
        path.write_bytes("\n".join([header, *lines, ""]).encode(encoding))
        return path

    return write


class TerminalIO(StringIO):
    def isatty(self):
        return True


def run(path, plan_slug="app", stderr=None, **options):
    stdout, stderr = StringIO(), stderr or StringIO()
    call_command(
        "import_actions",
        str(path),
        plan=plan_slug,
        stdout=stdout,
        stderr=stderr,
        **options,
    )
    return stdout.getvalue(), stderr.getvalue()


def rejected(path, **options):
    """The problems reported for a file that must be rejected, one per line."""
    stderr = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        run(path, stderr=stderr, **options)
    return stderr.getvalue().splitlines()


def test_a_good_file_creates_actions_with_parents_and_weights(
    plan, area, council, csv_file
):
    path = csv_file(
        # A sub-action may come before its parent.
        "APP 1.1,Recruit parent carers,1,APP 1,3,,kent-cc,,01/09/2023,"
        "31/03/2024,on track,100",
        "APP 1,Co-produce the local offer,co-production,,,Whole area,"
        "Kent County Council,Director of SEND,2023-09-01,2024-07-31,On track,",
        "APP 1.2,Publish the local offer,area 1,APP 1,1,,,,,,not-started,0",
    )

    stdout, _ = run(path)

    assert "created 3, updated 0" in stdout
    parent = Action.objects.get(reference="APP 1")
    assert parent.plan == plan
    assert parent.area == area
    assert parent.owner_organisation == council
    assert parent.owner_role == "Director of SEND"
    assert parent.description == "Whole area"
    assert parent.starts_on == datetime.date(2023, 9, 1)
    assert parent.due_on == datetime.date(2024, 7, 31)
    assert parent.status == Action.Status.ON_TRACK
    first, second = parent.sub_actions.order_by("reference")
    assert (first.weight, first.progress, first.due_on) == (
        3,
        100,
        datetime.date(2024, 3, 31),
    )
    assert (second.weight, second.status) == (1, Action.Status.NOT_STARTED)
    assert derived_progress(plan.actions.all())[parent.pk] == pytest.approx(75)


def test_reimporting_updates_actions_instead_of_duplicating_them(plan, area, csv_file):
    run(
        csv_file(
            "APP 2,Reduce the backlog,1,,,,,,,,,",
            "APP 2.1,Hire caseworkers,1,APP 2,,,,,,,,10",
        )
    )
    first_ids = set(Action.objects.values_list("pk", flat=True))

    stdout, _ = run(
        csv_file(
            "APP 2,Reduce the assessment backlog,1,,,,,,,,at risk,",
            "APP 2.1,Hire caseworkers,1,APP 2,,,,,,,,40",
            "APP 2.2,Clear the oldest cases,1,APP 2,,,,,,,,",
            name="again.csv",
        )
    )

    assert "created 1, updated 2" in stdout
    assert Action.objects.count() == 3
    assert first_ids < set(Action.objects.values_list("pk", flat=True))
    parent = Action.objects.get(reference="APP 2")
    assert parent.title == "Reduce the assessment backlog"
    assert parent.status == Action.Status.AT_RISK
    assert Action.objects.get(reference="APP 2.1").progress == 40
    assert parent.sub_actions.count() == 2


def test_a_column_left_out_keeps_what_the_plan_already_has(plan, csv_file):
    Action.objects.create(
        plan=plan, reference="APP 3", title="Old", status=Action.Status.DONE
    )

    run(csv_file("APP 3,New title", header="reference,title"))

    action = Action.objects.get(reference="APP 3")
    assert (action.title, action.status) == ("New title", Action.Status.DONE)


def test_one_bad_row_among_many_writes_nothing_and_each_is_named_by_line(
    plan, area, csv_file
):
    Action.objects.create(plan=plan, reference="APP 1", title="Already there")
    good = [f"APP 5.{n},Good action {n},1,APP 1,,,,,,,," for n in range(1, 6)]
    path = csv_file(
        *good,  # lines 2 to 6
        "APP 6,Bad date,,,,,,,,31/02/2024,,",  # line 7
        "APP 7,Bad parent,,APP 9.9,,,,,,,,",  # line 8
        "APP 5.1,Same reference again,,,,,,,,,,",  # line 9
        "APP 8,Unknown area,99,,,,,,,,,",  # line 10
        "APP 9,Unknown status,,,,,,,,,nearly there,",  # line 11
        "APP 10,Zero weight,,,0,,,,,,,",  # line 12
        "APP 11,Progress too high,,,,,,,,,,150",  # line 13
        "APP 12,Backwards dates,,,,,,,01/05/2024,01/04/2024,,",  # line 14
        "APP 13,,,,,,,,,,,",  # line 15
        "APP 14,Unknown owner,,,,,Nobody Council,,,,,",  # line 16
        "APP 1,A parent with its own progress,,,,,,,,,,50",  # line 17
    )

    errors = rejected(path)

    assert errors == [
        "line 7: due on 31/02/2024 is not a date (write DD/MM/YYYY or YYYY-MM-DD)",
        "line 8: parent APP 9.9 is not in the file or the plan",
        "line 9: reference APP 5.1 is also on line 2",
        "line 10: area 99 is not an area of weakness",
        'line 11: status "nearly there" is not one of: Not started, On track, '
        "At risk, Off track, Done, Superseded",
        "line 12: weight 0 is not a whole number from 1 to 32767",
        "line 13: progress 150 is not a whole number from 0 to 100",
        "line 14: due on 01/04/2024 is before starts on 01/05/2024",
        "line 15: title is empty",
        "line 16: owner organisation Nobody Council is not an organisation",
        "line 17: APP 1 has sub-actions, so its progress comes from them; "
        "leave progress empty",
    ]
    assert list(Action.objects.values_list("reference", "title")) == [
        ("APP 1", "Already there")
    ]


def test_parents_that_go_round_in_a_circle_are_refused(plan, csv_file):
    path = csv_file(
        "APP 1,One,APP 2",
        "APP 2,Two,APP 1",
        "APP 3,Its own parent,APP 3",
        header="reference,title,parent",
    )

    assert rejected(path) == [
        "line 2: parents go round in a circle: APP 1 → APP 2 → APP 1",
        "line 3: parents go round in a circle: APP 2 → APP 1 → APP 2",
        "line 4: parents go round in a circle: APP 3 → APP 3",
    ]
    assert not Action.objects.exists()


def test_line_numbers_count_blank_lines_and_cells_over_several_lines(plan, csv_file):
    path = csv_file(
        'APP 1,One,"First line',
        'second line",',
        ",,,",
        "APP 2,Two,,",
        "APP 3,Three,,nope",
        header="reference,title,description,due on",
    )

    assert rejected(path) == [
        "line 6: due on nope is not a date (write DD/MM/YYYY or YYYY-MM-DD)"
    ]


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(plan, csv_file):
    Action.objects.create(plan=plan, reference="APP 1", title="Old title")
    path = csv_file("APP 1,New title", "APP 2,Brand new", header="reference,title")

    stdout, _ = run(path, dry_run=True)

    assert "Dry run, nothing written" in stdout
    assert "would create 1, would update 1" in stdout
    assert "new: APP 2" in stdout and "update: APP 1" in stdout
    assert list(Action.objects.values_list("reference", "title")) == [
        ("APP 1", "Old title")
    ]


def test_a_dry_run_still_reports_bad_rows(plan, csv_file):
    path = csv_file("APP 1,One,soon", header="reference,title,due on")

    assert rejected(path, dry_run=True) == [
        "line 2: due on soon is not a date (write DD/MM/YYYY or YYYY-MM-DD)"
    ]


def test_500_rows_import_in_seconds_in_a_bounded_number_of_queries(
    plan, area, csv_file, django_assert_max_num_queries
):
    OrganisationFactory(slug="kent-cc")
    lines = []
    for top in range(1, 51):
        lines.append(f"APP {top},Action {top},1,,,,kent-cc,,,31/03/2025,,")
        lines.extend(
            f"APP {top}.{sub},Sub-action {top}.{sub},1,APP {top},{sub},Details,"
            f"kent-cc,Lead,01/01/2024,31/12/2024,on track,{sub * 10}"
            for sub in range(1, 10)
        )
    path = csv_file(*lines)
    assert len(lines) == 500

    changed = csv_file(
        *(line.replace(",on track,", ",at risk,") for line in lines),
        name="changed.csv",
    )

    started = time.perf_counter()
    with django_assert_max_num_queries(30):
        run(path)
    with django_assert_max_num_queries(30):  # and again, as updates
        run(changed)
    elapsed = time.perf_counter() - started

    assert elapsed < 3
    assert Action.objects.filter(status=Action.Status.AT_RISK).count() == 450
    assert Action.objects.count() == 500
    assert Action.objects.filter(parent__isnull=False).count() == 450
    progress = derived_progress(plan.actions.all())
    assert progress[Action.objects.get(reference="APP 7").pk] == pytest.approx(
        sum(sub * sub * 10 for sub in range(1, 10)) / sum(range(1, 10))
    )


def test_hostile_text_is_stored_as_it_was_written(plan, csv_file):
    quoted = HOSTILE.replace('"', '""')
    path = csv_file(
        f'APP 1,"{quoted}","{quoted}"', header="reference,title,description"
    )

    run(path)

    action = Action.objects.get()
    assert action.title == HOSTILE
    assert action.description == HOSTILE


def test_nul_and_control_characters_are_refused_by_line(plan, csv_file):
    path = csv_file(
        'APP 1,Fine,"Two lines\nare fine in a description"',
        "APP 2,Has a \x00 NUL,",
        "APP 3,Has a bell \x07,",
        'APP 4,"Title over\ntwo lines",',
        "APP 5,Fine,Escape \x1b[31m in description",
        header="reference,title,description",
    )

    assert rejected(path) == [
        "line 4: title contains control characters (such as NUL or a line break); "
        "remove them",
        "line 5: title contains control characters (such as NUL or a line break); "
        "remove them",
        "line 6: title contains control characters (such as NUL or a line break); "
        "remove them",
        "line 8: description contains control characters (such as NUL); remove them",
    ]
    assert not Action.objects.exists()


def test_cells_longer_than_their_field_are_refused(plan, csv_file):
    path = csv_file(
        f"{'X' * 21},Long reference,",
        f"APP 2,{'T' * 301},",
        f"APP 3,Long description,{'D' * 10_001}",
        header="reference,title,description",
    )

    assert rejected(path) == [
        "line 2: reference is 21 characters long; the most allowed is 20",
        "line 3: title is 301 characters long; the most allowed is 300",
        "line 4: description is 10,001 characters long; the most allowed is 10,000",
    ]


def test_missing_and_unknown_columns_are_reported_on_the_header_line(plan, csv_file):
    path = csv_file("One,2024-01-01", header="Title,Due date")

    assert rejected(path) == [
        'line 1: there is no column called "Due date"; the columns are: '
        "reference, title, area, parent, weight, description, owner organisation, "
        "owner role, starts on, due on, status, progress",
        "line 1: the reference column is missing (it is required)",
    ]


def test_an_empty_file_is_reported(plan, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")

    assert rejected(path) == ["line 1: the file is empty; it needs a header row"]


def test_a_byte_order_mark_and_mixed_case_headers_are_accepted(plan, csv_file):
    path = csv_file("APP 1,Kept,15/01/2024", header="\ufeffReference,TITLE,Due_On")

    run(path)

    assert Action.objects.get().due_on == datetime.date(2024, 1, 15)


def test_a_file_that_is_not_utf8_is_a_clear_error(plan, csv_file):
    path = csv_file("APP 1,Café", header="reference,title", encoding="latin-1")

    with pytest.raises(CommandError, match="is not UTF-8 text"):
        run(path)


def test_a_missing_file_is_a_clear_error(plan, tmp_path):
    with pytest.raises(CommandError, match="There is no file at .*nowhere.csv"):
        run(tmp_path / "nowhere.csv")


def test_an_unknown_plan_is_a_clear_error(plan, csv_file):
    path = csv_file("APP 1,One", header="reference,title")

    with pytest.raises(CommandError, match='no improvement plan with the slug "wsoa"'):
        run(path, plan_slug="wsoa")


def test_a_progress_bar_is_drawn_on_a_terminal_only(plan, csv_file):
    path = csv_file("APP 1,One", "APP 2,Two", header="reference,title")

    _, on_terminal = run(path, stderr=TerminalIO())
    _, in_a_log = run(path)

    assert "Checking rows [" in on_terminal and "2/2" in on_terminal
    assert in_a_log == ""
