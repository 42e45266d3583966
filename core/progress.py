"""A progress bar for management commands, drawn only for a person watching:
logs and pipes get the summary alone."""

BAR_WIDTH = 30


def _as_drawn(text: str) -> str:
    """No style: a command's stderr writes red, as for an error, and a bar
    running normally is not one."""
    return text


class ProgressBar:
    def __init__(self, command, label: str, *, verbosity: int = 1):
        self.stream = command.stderr
        self.label = label
        self.shown = self.stream.isatty() and verbosity > 0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown:
            return
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(
            f"\r{self.label} [{bar}] {done}/{total}", style_func=_as_drawn, ending=""
        )
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        """End the bar's line, if one was drawn."""
        if self.drawn:
            self.stream.write("", style_func=_as_drawn)
            self.drawn = False
