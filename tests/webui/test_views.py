"""The Django side of the web UI: index.html for every client route, a clear 503 before the
first build, and no HTML in place of a missing asset."""

import pytest

pytestmark = pytest.mark.urls("tests.webui.urls")

SHELL = b'<!doctype html><div id="root"></div><script type="module" src="/app/assets/index-abc12345.js"></script>'


@pytest.fixture
def built(settings, tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "index.html").write_bytes(SHELL)
    settings.WEB_DIST_DIR = tmp_path
    return tmp_path


@pytest.mark.parametrize("path", ["/app/", "/app/login", "/app/settings/images", "/app/staff/models?x=1"])
def test_every_client_route_gets_the_shell(client, built, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.content == SHELL
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-cache"


def test_a_missing_asset_is_a_404_not_the_shell(client, built):
    assert client.get("/app/assets/index-gone0000.js").status_code == 404


def test_only_reads_are_served(client, built):
    assert client.post("/app/settings/images").status_code == 405


def test_before_the_first_build_it_says_how_to_build(client, settings, tmp_path):
    settings.WEB_DIST_DIR = tmp_path / "missing"
    response = client.get("/app/usage")
    assert response.status_code == 503
    assert b"npm run build" in response.content
