"""Login throttling (429 with Retry-After, per client IP and per email) and the X-Account-Id header."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import AccountFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/api/v1/auth/login/"


def login(email: str, password: str = "wrong", ip: str = "10.0.0.1", **headers):
    return APIClient().post(LOGIN, {"username": email, "password": password}, format="json", REMOTE_ADDR=ip,
                            **headers)


@pytest.fixture
def rates(settings):
    """Tests run without login limits (config.settings_test); these set their own, on an empty cache."""
    cache.clear()

    def set_rates(*, per_ip: str = "", per_email: str = ""):
        settings.MODELBANK_LOGIN_RATE_PER_IP, settings.MODELBANK_LOGIN_RATE_PER_EMAIL = per_ip, per_email
    yield set_rates
    cache.clear()


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    error = response.json()["error"]
    assert error["code"] == "throttled"
    assert error["message"].startswith("Too many login attempts. Expected available in ")


def test_login_is_throttled_per_email_whatever_the_case_or_address(rates):
    rates(per_email="3/min")
    user, other = UserFactory(), UserFactory()
    assert [login(user.email, ip=f"10.0.0.{i}").status_code for i in range(3)] == [400, 400, 400]
    # the right password does not help, nor another address, nor another case
    assert_throttled(login(user.email, "pass12345", ip="10.9.9.9"))
    assert_throttled(login(user.email.upper()))
    # other people are not locked out
    assert login(other.email, "pass12345").status_code == 200


def test_login_is_throttled_per_client_address(rates):
    rates(per_ip="2/min")
    users = [UserFactory() for _ in range(4)]
    assert [login(u.email).status_code for u in users[:2]] == [400, 400]
    assert_throttled(login(users[2].email, "pass12345"))
    # X-Forwarded-For is not trusted without MODELBANK_TRUSTED_PROXIES, so it cannot dodge the limit
    assert_throttled(login(users[2].email, HTTP_X_FORWARDED_FOR="203.0.113.7"))
    assert login(users[3].email, "pass12345", ip="10.0.0.2").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(rates, settings):
    rates(per_ip="1/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    user = UserFactory()
    assert login(user.email, ip="10.0.0.254", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 400
    assert_throttled(login(user.email, ip="10.0.0.254", HTTP_X_FORWARDED_FOR="203.0.113.7"))
    assert login(user.email, "pass12345", ip="10.0.0.254", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_the_limits_are_settings_and_on_by_default():
    from config import settings as production

    assert production.MODELBANK_LOGIN_RATE_PER_IP == "20/min"
    assert production.MODELBANK_LOGIN_RATE_PER_EMAIL == "5/min"


def test_login_advertises_429_in_the_schema(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "429" in schema["paths"][LOGIN]["post"]["responses"]


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def session_client():
    first = MembershipFactory(role="owner")
    second = MembershipFactory(user=first.user, account=AccountFactory(name="Second"), role="member")
    client = APIClient()
    client.force_login(first.user)
    return client, second.account_id


@pytest.mark.parametrize("header", [
    "²",  # isdigit() accepts it, int() refused it: a 500
    "9" * 5000,  # int() refuses more than 4,300 digits: a 500
    "99999999999999999999",  # past BIGINT: SQLite's driver overflowed, a 500
    "-1", "1.0", "0x1", "1 2", "",
])
def test_an_x_account_id_that_is_no_account_id_is_refused_clearly(session_client, header):
    client, _ = session_client
    response = client.get("/api/v1/auth/me/", HTTP_X_ACCOUNT_ID=header)
    if header == "":  # no header: the first membership, as before
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid_header", "message": "X-Account-Id must be an account id: a whole number in ASCII digits."}


def test_x_account_id_in_other_digits_is_not_read_as_an_account(session_client):
    client, second = session_client
    assert client.get("/api/v1/auth/me/", HTTP_X_ACCOUNT_ID=str(second)).json()["role"] == "member"
    # int() reads Arabic-Indic digits ("١٢" is 12): the header named the account in a script we never print
    response = client.get("/api/v1/auth/me/", HTTP_X_ACCOUNT_ID=str(second).translate(ARABIC_INDIC))
    assert response.status_code == 400 and "ASCII digits" in response.json()["error"]["message"]
