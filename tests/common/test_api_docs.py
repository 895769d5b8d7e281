"""Swagger UI and ReDoc come from this server's static files (offline), never from a CDN."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db
DOCS = ["/api/docs/", "/api/redoc/"]


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in {"src", "href"} and value]


def _page(client, path: str) -> tuple[str, list[str]]:
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    parser = _Refs()
    parser.feed(html)
    return html, parser.urls


@pytest.mark.parametrize("path", DOCS)
def test_the_docs_pages_reference_only_local_files(client, path):
    html, urls = _page(client, path)
    assert urls, "the page loads its scripts"
    assert all(url.startswith("/static/drf_spectacular_sidecar/") for url in urls), urls
    # No absolute or protocol-relative URL anywhere, inline scripts and settings included.
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE), html
    assert "/api/schema/" in html


@pytest.mark.parametrize("path", DOCS)
def test_the_docs_pages_fetch_images_fonts_and_data_from_this_origin_only(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert {"img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'"} == {
        part.strip() for part in policy.split(";")}


def test_swagger_ui_never_asks_the_online_validator(client):
    html, _ = _page(client, "/api/docs/")
    assert '"validatorUrl": "none"' in html


def test_the_referenced_files_are_served_after_collectstatic(client, tmp_path):
    """What `make run` does: collectstatic, then WhiteNoise serves the files (DEBUG off)."""
    urls = {url for path in DOCS for url in _page(client, path)[1]}
    with override_settings(STATIC_ROOT=tmp_path):
        call_command("collectstatic", "--noinput", verbosity=0)
        served = Client()  # a new handler: WhiteNoise indexes STATIC_ROOT when it starts
        for url in sorted(urls):
            response = served.get(url)
            assert response.status_code == 200, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert body == Path(finders.find(url.removeprefix("/static/"))).read_bytes(), url
    assert {url.rsplit(".", 1)[-1] for url in urls} >= {"js", "css", "png"}
