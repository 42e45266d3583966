"""Reading a page's markup as a browser would, for the hostile-text checks."""

from html.parser import HTMLParser


class Markup(HTMLParser):
    """Every element and attribute a browser would see in a page."""

    def __init__(self):
        super().__init__()
        self.elements = []  # (tag, {attribute: value})
        self.script_text = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)
