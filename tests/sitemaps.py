"""Reading the sitemap as a crawler does: the index, then each kind's sitemap."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(xml: str | bytes) -> list[str]:
    """Every <loc> of a sitemap or a sitemap index."""
    return [
        loc.text for loc in ElementTree.fromstring(xml).findall(".//s:loc", NAMESPACE)
    ]


def path_of(address: str) -> str:
    parts = urlsplit(address)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def whole_sitemap(client) -> str:
    """The index and every sitemap it lists, one after another."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    parts = [index.text]
    for address in locations(index.content):
        section = client.get(path_of(address))
        assert section.status_code == 200, address
        parts.append(section.text)
    return "".join(parts)
