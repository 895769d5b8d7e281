"""Resend's email API: POST /emails with `Authorization: Bearer <key>` answers 200 `{"id": <uuid>}`.

Refused as Resend refuses, in its error format `{"statusCode", "name", "message"}`
(https://resend.com/docs/api-reference/errors):
- no bearer key: 401 missing_api_key; a key that is not the account's: 403 invalid_api_key;
- a body that is not a JSON object, or a field the endpoint does not document: 422 validation_error;
- no `from`, `to` or `subject`: 422 missing_required_field;
- a `from` not in the `email@example.com` or `Name <email@example.com>` form, a `to` that is not an
  address or a list of 1 to 50 of them, an empty subject, neither `html`, `text` nor `template`:
  422 validation_error;
- an Idempotency-Key header outside 1 to 256 characters: 400 invalid_idempotency_key.
Rate limits and outages are scripted: `fake.error(429, ..., code="rate_limit_exceeded", headers=...)`.
"""

import json
import re
import uuid
from typing import Any

from tests.ai.fakes.rules import Refused
from tests.ai.fakes.server import FakeProvider, RecordedRequest, Scripted

SEND_FIELDS = {"from", "to", "subject", "bcc", "cc", "reply_to", "html", "text", "headers", "attachments", "tags",
               "scheduled_at", "template", "topic_id"}
_ADDRESS = r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+"
FROM_PATTERN = re.compile(rf"^(?:{_ADDRESS}|[^<>]+ <{_ADDRESS}>)$")
ADDRESS_PATTERN = re.compile(rf"^{_ADDRESS}$")
STATUS = {"missing_api_key": 401, "invalid_api_key": 403, "missing_required_field": 422, "validation_error": 422,
          "invalid_idempotency_key": 400, "not_found": 404}


class FakeResend(FakeProvider):
    name = "resend"
    refusal_status = 422

    def __init__(self, api_key: str = "re_test_key_0123456789abcdef") -> None:
        super().__init__()
        self.api_key = api_key
        self.sent: list[dict] = []  # the bodies of the emails it accepted

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        if request.method == "POST" and request.path.rstrip("/") == "/emails":
            email_id = str(uuid.uuid4())
            with self._lock:
                self.sent.append({**request.body, "id": email_id})
            return 200, {"id": email_id}
        return 404, self.error_body(404, "The requested endpoint does not exist.", "not_found")

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        return {"statusCode": status, "name": code or "application_error", "message": message}

    def respond(self, request: RecordedRequest) -> tuple[Scripted, int, bytes]:
        """As the base, but each refusal with Resend's own status for its kind (401, 403, 400, 422)."""
        try:
            self.check(request)
        except Refused as refused:
            with self._lock:
                self.requests.append(request)
                self.refusals.append(refused)
            status = STATUS.get(refused.code or "", self.refusal_status)
            return Scripted(status), status, json.dumps(self.error_body(status, refused.message, refused.code)).encode()
        return super().respond(request)

    def check(self, request: RecordedRequest) -> None:
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or not auth[len("Bearer "):].strip():
            raise Refused("Missing API key in the authorization header.", code="missing_api_key")
        if auth[len("Bearer "):] != self.api_key:
            raise Refused("API key is invalid", code="invalid_api_key")
        key = request.headers.get("idempotency-key")
        if key is not None and not 1 <= len(key) <= 256:
            raise Refused("The key must be between 1-256 chars.", code="invalid_idempotency_key")
        if request.method == "POST" and request.path.rstrip("/") == "/emails":
            check_send(request.body)


def check_send(body: Any) -> None:
    if not isinstance(body, dict):
        raise Refused("The request body must be a JSON object.", code="validation_error")
    unknown = sorted(set(body) - SEND_FIELDS)
    if unknown:
        raise Refused(f"Invalid `{unknown[0]}` field.", code="validation_error")
    for name in ("from", "to", "subject"):
        if body.get(name) is None:
            raise Refused(f"Missing `{name}` field.", code="missing_required_field")
    if not isinstance(body["from"], str) or not FROM_PATTERN.match(body["from"]):
        raise Refused("Invalid `from` field. The email address needs to follow the `email@example.com` or "
                      "`Name <email@example.com>` format.", code="validation_error")
    to = [body["to"]] if isinstance(body["to"], str) else body["to"]
    if not isinstance(to, list) or not 1 <= len(to) <= 50 or not all(
            isinstance(address, str) and ADDRESS_PATTERN.match(address) for address in to):
        raise Refused("Invalid `to` field. Use an email address or a list of 1 to 50 of them.",
                      code="validation_error")
    if not isinstance(body["subject"], str) or not body["subject"].strip():
        raise Refused("Invalid `subject` field.", code="validation_error")
    if not any(isinstance(body.get(name), str | dict) and body.get(name) for name in ("html", "text", "template")):
        raise Refused("Missing `html` or `text` field.", code="validation_error")
