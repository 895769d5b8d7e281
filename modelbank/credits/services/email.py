"""Email through the seeded `resend` IntegrationProvider: Resend's HTTP API, called with httpx.

`POST {api_endpoint or https://api.resend.com}/emails` with `Authorization: Bearer <key>` and
`{"from", "to": [...], "subject", "text"}`; Resend answers 200 with `{"id": ...}`, or an error
`{"statusCode", "name", "message"}` (422 missing_required_field / validation_error, 401
missing_api_key, 403 invalid_api_key, 429 rate_limit_exceeded or daily_quota_exceeded, 5xx).
The key is read through ModelRegistry like the AI providers' keys, so an inactive provider or a
missing key is refused before any request, and it never reaches a log or an error message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelbank.catalog.registry import ModelRegistry
from modelbank.common.errors import ApplicationError

if TYPE_CHECKING:
    import httpx

RESEND = "resend"
DEFAULT_BASE_URL = "https://api.resend.com"
MAX_RECIPIENTS = 50  # Resend's limit for `to`
# Short: a send runs after the charge committed, and a failed one is retried by a later charge.
TIMEOUT_SECONDS, CONNECT_TIMEOUT_SECONDS = 10.0, 5.0


class EmailNotSent(Exception):  # noqa: N818 - reads as what happened ("email not sent: ...")
    """Why an email was not sent, in words fit for a log (never the key)."""


@dataclass(frozen=True)
class Email:
    sender: str
    to: list[str]
    subject: str
    text: str
    idempotency_key: str = ""  # Resend's Idempotency-Key: a retried request is not sent twice


def email_send(email: Email) -> str:
    """Send ``email`` through Resend and return Resend's id for it; EmailNotSent says why not."""
    if not email.sender:
        raise EmailNotSent("no sender address: set MODELBANK_ALERT_FROM")
    if not email.to:
        raise EmailNotSent("no recipient")
    try:
        key = ModelRegistry.get_api_key(RESEND)
        endpoint = ModelRegistry.get_provider(RESEND).api_endpoint
    except ApplicationError as exc:  # inactive, no key, unreadable key: the messages name no secret
        raise EmailNotSent(str(exc)) from None
    headers = {"Authorization": f"Bearer {key}"}
    if email.idempotency_key:
        headers["Idempotency-Key"] = email.idempotency_key
    import httpx  # loaded on the first email: most processes never send one (httpx pulls in its CLI's libraries)

    body = {"from": email.sender, "to": email.to[:MAX_RECIPIENTS], "subject": email.subject, "text": email.text}
    try:
        response = httpx.post(f"{(endpoint or DEFAULT_BASE_URL).rstrip('/')}/emails", json=body, headers=headers,
                              timeout=httpx.Timeout(TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS))
    except httpx.HTTPError as exc:  # the exception names the URL at most, never the headers
        raise EmailNotSent(f"Resend could not be reached ({type(exc).__name__}: {exc})") from None
    return _sent_id(response, key)


def _sent_id(response: httpx.Response, key: str) -> str:
    data = _json(response)
    if response.is_success and isinstance(data.get("id"), str) and data["id"]:
        return data["id"]
    if response.is_success:
        raise EmailNotSent(f"Resend answered {response.status_code} without an email id")
    name, message = str(data.get("name") or "error"), str(data.get("message") or response.reason_phrase)
    # An error text could quote what it was sent; the key must not reach the log through it.
    text = f"Resend refused the email: {response.status_code} {name}: {message[:300]}".replace(key, "[redacted]")
    if response.status_code == 429 and response.headers.get("retry-after"):
        text += f" (retry after {response.headers['retry-after'][:20]} s)"
    raise EmailNotSent(text)


def _json(response: httpx.Response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
