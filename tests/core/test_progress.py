"""The progress bar of the management commands: drawn on a terminal only,
and in the terminal's own colour. A command's stderr writes in red, as for an
error, and a bar running normally is not one."""

from io import StringIO

from django.core.management.base import BaseCommand

from core.progress import ProgressBar

ANSI_ESCAPE = "\x1b["


class Terminal(StringIO):
    def isatty(self):
        return True


def command_on_a_colour_terminal() -> BaseCommand:
    # As manage.py makes it, its stderr a terminal that shows colours.
    return BaseCommand(stderr=Terminal(), force_color=True)


def test_the_command_writes_its_errors_in_red_on_such_a_terminal():
    # Guards the test below: without the bar's care, it would be red.
    command = command_on_a_colour_terminal()

    command.stderr.write("Something went wrong")

    assert command.stderr._out.getvalue().startswith(f"{ANSI_ESCAPE}31")


def test_a_running_and_a_finished_bar_are_drawn_in_no_colour():
    command = command_on_a_colour_terminal()
    bar = ProgressBar(command, "Letters")

    bar(1, 3)
    bar(3, 3)
    bar.finish()

    drawn = command.stderr._out.getvalue()
    assert ANSI_ESCAPE not in drawn
    assert drawn == (
        f"\rLetters [{'#' * 10}{'-' * 20}] 1/3\rLetters [{'#' * 30}] 3/3\n"
    )


def test_no_bar_when_not_on_a_terminal():
    command = BaseCommand(stderr=StringIO(), force_color=True)
    bar = ProgressBar(command, "Letters")

    bar(3, 3)
    bar.finish()

    assert command.stderr._out.getvalue() == ""
