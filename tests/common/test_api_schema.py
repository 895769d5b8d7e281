"""The OpenAPI schema says what the server really answers: list envelopes, error bodies, the
settings each key accepts. (Schemathesis checks the whole API against it in test_api_schemathesis.)"""

import pytest
from django.test import RequestFactory

from modelbank.common.exceptions import api_server_error
from modelbank.preferences.schemas import INTEGRATION_SCHEMAS, SETTINGS_SCHEMAS

pytestmark = pytest.mark.django_db
ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.fixture
def schema(client):
    return client.get("/api/schema/?format=json").json()


def _body_schema(response: dict) -> dict:
    return response["content"]["application/json"]["schema"]


def _resolve(schema: dict, ref: dict) -> dict:
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


@pytest.mark.parametrize("path", ["/api/v1/ai/jobs/", "/api/v1/billing/transactions/", "/api/v1/billing/usage/",
                                  "/api/v1/system/settings/audit/"])
def test_paginated_lists_are_documented_as_the_envelope_they_answer_with(schema, api_client, path):
    operation = schema["paths"][path]["get"]
    envelope = _resolve(schema, _body_schema(operation["responses"]["200"]))
    assert set(envelope["properties"]) == {"count", "next", "previous", "results"}
    assert {"page", "page_size"} <= {p["name"] for p in operation["parameters"]}
    assert set(api_client.get(path).json()) == {"count", "next", "previous", "results"}


def test_revenue_is_documented_as_its_report_envelope(schema, staff_client):
    report = _resolve(schema, _body_schema(schema["paths"]["/api/v1/admin/analytics/revenue/"]["get"]["responses"]["200"]))
    assert set(report["properties"]) == {"since", "until", "by", "rows", "totals"}
    assert set(staff_client.get("/api/v1/admin/analytics/revenue/").json()) == {"since", "until", "by", "rows", "totals"}


def test_unpaginated_lists_stay_arrays(schema, staff_client):
    for path in ("/api/v1/system/providers/", "/api/v1/billing/usage/summary/", "/api/v1/system/settings/user/"):
        assert _body_schema(schema["paths"][path]["get"]["responses"]["200"])["type"] == "array"
    assert isinstance(staff_client.get("/api/v1/system/providers/").json(), list)


@pytest.mark.parametrize(("method", "path", "statuses"), [
    ("get", "/api/v1/billing/balance/", {"401", "403"}),
    ("get", "/api/v1/ai/jobs/{job_id}/", {"401", "403", "404"}),
    ("post", "/api/v1/ai/jobs/", {"400", "401", "402", "403"}),
    ("post", "/api/v1/admin/credits/grant/", {"400", "401", "403", "404", "409"}),
    ("post", "/api/v1/admin/credits/adjust/", {"400", "401", "402", "403", "404", "409"}),
    ("put", "/api/v1/system/providers/{provider_id}/key/", {"400", "401", "403", "404"}),
    ("post", "/api/v1/auth/login/", {"400", "403"}),
])
def test_operations_document_the_errors_they_can_answer_with(schema, method, path, statuses):
    responses = schema["paths"][path][method]["responses"]
    assert statuses <= set(responses)
    assert all(_body_schema(responses[s]) == ERROR_REF for s in statuses)


def test_login_cannot_answer_401_so_does_not_document_it(schema):
    # Session-only views answer 403 for bad credentials on the session: DRF's 401 needs a scheme.
    assert "401" not in schema["paths"]["/api/v1/auth/login/"]["post"]["responses"]


def test_every_error_response_is_the_one_error_shape(schema):
    for item in schema["paths"].values():
        for operation in item.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert _body_schema(response) == ERROR_REF
    detail = schema["components"]["schemas"]["ErrorDetail"]
    assert {"code", "message"} <= set(detail["required"])


def test_request_bodies_are_documented_as_json_only(schema):
    for item in schema["paths"].values():
        for operation in item.values():
            assert set(operation.get("requestBody", {}).get("content", {"application/json": 0})) == {"application/json"}


def test_blank_text_is_documented_as_invalid(schema):
    # DRF trims text and refuses it blank, so "   " is refused like "": the schema says so.
    login = _resolve(schema, _body_schema(schema["paths"]["/api/v1/auth/login/"]["post"]["requestBody"]))
    assert login["properties"]["username"]["pattern"] == r"\S"


def test_each_settings_key_has_a_path_documenting_the_value_it_accepts(schema):
    paths = schema["paths"]
    assert "/api/v1/system/settings/user/{key}/" not in paths
    for key, value_schema in SETTINGS_SCHEMAS.items():
        body = _body_schema(paths[f"/api/v1/system/settings/user/{key}/"]["put"]["requestBody"])
        assert body["properties"]["value"] == value_schema
    assert "/api/v1/system/settings/account/ai_settings/" not in paths  # account AI overrides are integrations
    variants = _body_schema(paths["/api/v1/system/settings/user/"]["post"]["requestBody"])["oneOf"]
    assert sorted(v["properties"]["key"]["enum"][0] for v in variants) == sorted(SETTINGS_SCHEMAS)


def test_ai_overrides_document_their_own_fields_and_the_model_id(schema):
    body = _body_schema(schema["paths"]["/api/v1/system/settings/integrations/text_generation/"]["put"]["requestBody"])
    assert set(body["properties"]) == set(INTEGRATION_SCHEMAS["text_generation"]["properties"]) | {"model"}
    assert body["additionalProperties"] is False


def test_job_bodies_are_documented_per_function(schema):
    body = _resolve(schema, _body_schema(schema["paths"]["/api/v1/ai/jobs/"]["post"]["requestBody"]))
    assert body["discriminator"]["propertyName"] == "function"
    assert set(body["discriminator"]["mapping"]) == {"auto_cluster", "generate_content", "generate_image_prompts",
                                                     "generate_images"}


def test_constraints_the_services_check_are_documented(schema):
    # Each was a "valid" request by the schema that the server refused (schemathesis: rejected positive data).
    components = schema["components"]["schemas"]
    assert components["CreditAdjustInputRequest"]["properties"]["credits"]["not"] == {"enum": [0]}
    keywords = components["AutoClusterInputRequest"]["properties"]["keywords"]
    assert keywords["uniqueItems"] is True and keywords["minItems"] == 2
    by = next(p for p in schema["paths"]["/api/v1/admin/analytics/revenue/"]["get"]["parameters"] if p["name"] == "by")
    assert by["schema"]["pattern"].startswith("^(day|")


# --- what schemathesis found -----------------------------------------------------------------------------------

def test_an_unknown_api_url_answers_in_the_error_shape(api_client):
    # Was Django's HTML 404 page (e.g. a job id that is not a UUID), undocumented and unparseable.
    response = api_client.get("/api/v1/ai/jobs/not-a-uuid/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_pages_outside_the_api_keep_the_html_404(client):
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_answers_in_the_error_shape_without_details():
    response = api_server_error(RequestFactory().get("/api/v1/billing/balance/"))
    assert response.status_code == 500
    assert response.content == b'{"error": {"code": "server_error", "message": "Something went wrong on our side."}}'


@pytest.mark.parametrize("model", [{}, [1], "1", True, 1.5])
def test_an_override_model_that_is_not_an_id_is_a_400(api_client, model):
    # {} was a 500 (unhashable in the registry lookup); true silently meant model 1.
    response = api_client.put("/api/v1/system/settings/integrations/text_generation/", {"model": model},
                              format="json")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "model: must be an AI model id (a whole number)."
