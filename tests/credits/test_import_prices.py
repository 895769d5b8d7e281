"""`manage.py import_prices FILE` (issue 12 part 4) against a small file in the format of LiteLLM's
model_prices_and_context_window.json (tests/credits/fixtures/litellm_prices.json): a few entries with
the providers' public prices, including other hosts' prices and models we do not have. They price the
seeded catalog as it is, so a test that wants changes first gives the catalog the prices it had before."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from modelbank.catalog.models import AIModelConfig, IntegrationProvider, PriceChange
from modelbank.catalog.registry import ModelRegistry
from modelbank.catalog.signals import catalog_changed
from modelbank.common.versioned_cache import read_stamp
from modelbank.credits.checks import check_credit_prices

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "litellm_prices.json"
ACTOR = "ops@example.com"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_prices", *args, stdout=out, stderr=err, skip_checks=True)
    return out.getvalue(), err.getvalue()


def set_prices(name: str, **prices: str) -> None:
    """Write prices as an admin edit does: the row, then the catalog stamp (every process reloads)."""
    AIModelConfig.objects.filter(model_name=name).update(**{k: Decimal(v) for k, v in prices.items()})
    catalog_changed()


def prices_of(name: str) -> tuple:
    model = AIModelConfig.objects.get(model_name=name)
    return model.input_token_rate, model.output_token_rate, model.cost_per_image


@pytest.fixture
def old_prices(db):
    """Last year's prices for three models the file prices differently."""
    set_prices("gpt-4o-mini", input_token_rate="0.10", output_token_rate="0.50")
    set_prices("dall-e-3", cost_per_image="0.05")
    set_prices("gpt-image-1", output_token_rate="30")


def write(tmp_path, text: str, name: str = "prices.json") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_the_fixture_prices_the_seeded_catalog_as_it_is(db):
    out, err = run(str(FIXTURE))
    assert "Models: 0 to change (0 prices), 5 unchanged" in out
    assert "No price changes" in out and err == ""


def test_dry_run_shows_each_change_and_writes_nothing(old_prices):
    before = {name: prices_of(name) for name in ("gpt-4o-mini", "dall-e-3", "gpt-image-1")}
    stamp = read_stamp("catalog")

    out, _ = run(str(FIXTURE))

    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert lines[0] == "Price changes from litellm_prices.json (USD):"
    assert lines[1:5] == [
        "dall-e-3 cost_per_image 0.05 -> 0.04 per image",
        "gpt-4o-mini input_token_rate 0.10 -> 0.15 per 1M tokens",  # openai's price, not azure's 0.165
        "gpt-4o-mini output_token_rate 0.50 -> 0.60 per 1M tokens",
        "gpt-image-1 (inactive) output_token_rate 30.00 -> 40.00 per 1M tokens",  # output_cost_per_image_token
    ]
    assert ("Models: 3 to change (4 prices), 2 unchanged, 17 with no price in the file. Entries not used (other "
            "models, other hosts): 7 (none is created; --verbose lists them).") in out
    assert "Dry run: nothing was written" in out
    assert {name: prices_of(name) for name in before} == before
    assert not PriceChange.objects.exists() and read_stamp("catalog") == stamp


def test_apply_writes_the_prices_with_an_audit_row_each_and_bumps_the_catalog(old_prices):
    assert ModelRegistry.get_model("gpt-4o-mini").input_token_rate == Decimal("0.10")  # the cache holds it
    stamp = read_stamp("catalog")

    out, _ = run(str(FIXTURE), "--apply", "--actor", ACTOR)

    assert "Applied: 3 model(s) repriced" in out
    assert prices_of("gpt-4o-mini") == (Decimal("0.15"), Decimal("0.60"), None)
    assert prices_of("dall-e-3") == (None, None, Decimal("0.04"))
    assert prices_of("gpt-image-1") == (Decimal("5"), Decimal("40"), Decimal("0.042"))  # per image: not in file
    assert read_stamp("catalog") == stamp + 1  # once for the import, as catalog.services do
    assert ModelRegistry.get_model("gpt-4o-mini").input_token_rate == Decimal("0.15")
    rows = {row.model.model_name: row for row in PriceChange.objects.select_related("model")}
    assert {name: row.changes for name, row in rows.items()} == {
        "gpt-4o-mini": {"input_token_rate": ["0.10", "0.15"], "output_token_rate": ["0.50", "0.60"]},
        "dall-e-3": {"cost_per_image": ["0.05", "0.04"]},
        "gpt-image-1": {"output_token_rate": ["30.00", "40.00"]},
    }
    assert {(row.source, row.actor) for row in rows.values()} == {("litellm_prices.json", ACTOR)}


def test_a_second_run_finds_nothing_to_change(old_prices):
    run(str(FIXTURE), "--apply", "--actor", ACTOR)
    stamp = read_stamp("catalog")

    out, _ = run(str(FIXTURE), "--apply", "--actor", ACTOR)

    assert "Models: 0 to change (0 prices), 5 unchanged" in out
    assert "No price changes" in out and "Price changes from" not in out
    assert PriceChange.objects.count() == 3 and read_stamp("catalog") == stamp


def test_the_actor_defaults_to_the_os_user(old_prices, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "deploy")
    run(str(FIXTURE), "--apply")
    assert set(PriceChange.objects.values_list("actor", flat=True)) == {"deploy"}


def test_entries_for_other_models_are_counted_never_created(db):
    count = AIModelConfig.objects.count()

    out, _ = run(str(FIXTURE), "--apply", "--actor", ACTOR)

    assert "Entries not used (other models, other hosts): 7 (none is created" in out
    assert "azure/gpt-4o-mini" not in out  # counted, not listed
    assert AIModelConfig.objects.count() == count
    assert not AIModelConfig.objects.filter(model_name__contains="gemini").exists()
    verbose, _ = run(str(FIXTURE), "--verbose")
    listed = verbose.split("Entries not used (7):\n")[1].split("\n")[:7]
    assert [name.strip() for name in listed] == [
        "ai21.j2-mid-v1", "azure/gpt-4o-mini", "gemini-2.5-flash", "gemini/gemini-2.5-flash",
        "gemini/gemini-2.5-flash-image", "standard/1024-x-1024/dall-e-3", "vertex_ai/imagen-4.0-generate-001"]


def test_never_deletes_or_deactivates_a_model(old_prices, tmp_path):
    # given a file that prices only gpt-4o (inactive) and none of the other 21 models
    states = dict(AIModelConfig.objects.values_list("model_name", "is_active"))
    path = write(tmp_path, '{"gpt-4o": {"input_cost_per_token": 3e-06, "litellm_provider": "openai", "mode": "chat",'
                           ' "output_cost_per_token": 1.2e-05}}')

    out, _ = run(path, "--apply", "--actor", ACTOR)

    assert "gpt-4o (inactive)" in out and "21 with no price in the file" in out
    assert dict(AIModelConfig.objects.values_list("model_name", "is_active")) == states
    assert prices_of("gpt-4o")[:2] == (Decimal("3"), Decimal("12"))
    assert prices_of("gpt-4o-mini")[:2] == (Decimal("0.10"), Decimal("0.50"))  # not in the file: left alone


def test_a_google_model_takes_the_gemini_api_price_not_vertex_ais(db, tmp_path):
    AIModelConfig.objects.create(model_name="gemini-2.5-flash", display_name="Gemini 2.5 Flash", model_type="text",
                                 provider=IntegrationProvider.objects.get(pk="google"), tokens_per_credit=1000,
                                 input_token_rate=Decimal("0.10"), output_token_rate=Decimal("0.40"))
    path = write(tmp_path, """{
        "gemini-2.5-flash": {"input_cost_per_token": 3.5e-07, "litellm_provider": "vertex_ai-language-models",
                             "mode": "chat", "output_cost_per_token": 2.75e-06},
        "gemini/gemini-2.5-flash": {"input_cost_per_token": 3e-07, "litellm_provider": "gemini", "mode": "chat",
                                    "output_cost_per_token": 2.5e-06}}""")

    run(path, "--apply", "--actor", ACTOR)

    assert prices_of("gemini-2.5-flash")[:2] == (Decimal("0.30"), Decimal("2.50"))


def test_warns_where_a_new_price_sells_below_cost_before_anything_is_written(db, tmp_path):
    # gpt-5.1's 1,000 output tokens would cost $0.012 against a credit's $0.01; a DALL-E 3 image $0.11 against
    # 5 credits × $0.02; gpt-4o-mini's new price is still well above cost. google:4@2 already sells below
    # cost, but the file does not price it: that is `manage.py check`'s to say, not the import's
    set_prices("google:4@2", cost_per_image="1.00")
    path = write(tmp_path, """{
        "gpt-5.1": {"input_cost_per_token": 1.25e-06, "litellm_provider": "openai", "mode": "chat",
                    "output_cost_per_token": 1.2e-05},
        "dall-e-3": {"input_cost_per_image": 0.11, "litellm_provider": "openai", "mode": "image_generation"},
        "gpt-4o-mini": {"input_cost_per_token": 2e-07, "litellm_provider": "openai", "mode": "chat",
                        "output_cost_per_token": 8e-07}}""")

    out, err = run(path)

    warnings = [line.strip() for line in err.splitlines() if "model '" in line]
    assert len(warnings) == 5  # the four token operations of gpt-5.1, the image operation of dall-e-3
    assert "Text model 'gpt-5.1': a credit of content_generation sells at $0.01 but 1000 output tokens cost " \
           "$0.012." in warnings
    assert "Image model 'dall-e-3' sells at $0.1 per image (image_generation) but costs $0.11." in warnings
    assert "gpt-4o-mini" not in err and "google:4@2" not in err
    assert "Dry run" in out
    assert ["google:4@2" in m.msg for m in check_credit_prices()] == [True]  # the stored prices are unchanged


@pytest.mark.parametrize(("text", "message"), [
    ("{\"gpt-4o-mini\": {\"input_cost_per_token\": 1.5e-07,", "is not valid JSON: Expecting"),
    ("[{\"gpt-5.1\": {}}]", "holds a JSON array, not an object of model names to prices"),
    ("\"gpt-5.1\"", "holds a JSON string"),
    ('{"gpt-5.1": {"litellm_provider": "openai", "output_cost_per_token": -1e-05}}',
     '"gpt-5.1": output_cost_per_token is -0.00001; a price cannot be negative.'),
    ('{"gpt-5.1": {"litellm_provider": "openai", "output_cost_per_token": "0.00001"}}',
     '"gpt-5.1": output_cost_per_token is "0.00001", not a number.'),
    ('{"gpt-5.1": {"litellm_provider": "openai", "output_cost_per_token": NaN}}',
     '"gpt-5.1": output_cost_per_token is "NaN", not a number.'),
    ('{"gpt-5.1": {"litellm_provider": "openai", "output_cost_per_token": true}}',
     '"gpt-5.1": output_cost_per_token is true, not a number.'),
    ('{"gpt-5.1": {"litellm_provider": "openai", "output_cost_per_token": 1e+30}}',
     '"gpt-5.1": output_cost_per_token is 1E+30, too large for a price (output_token_rate).'),
    ('{"gpt-5.1": [1.25e-06, 1e-05]}', '"gpt-5.1" is a JSON array, not an object of prices.'),
])
def test_a_bad_file_is_refused_whole_with_a_clear_message(old_prices, tmp_path, text, message):
    # the file also holds a good new price for gpt-4o-mini: it must not be written either
    good = '"gpt-4o-mini": {"input_cost_per_token": 1.5e-07, "litellm_provider": "openai"}'
    if text.startswith('{"gpt-5.1"'):
        text = "{" + good + ", " + text[1:]
    path = write(tmp_path, text)

    with pytest.raises(CommandError) as exc:
        run(path, "--apply", "--actor", ACTOR)

    assert message in str(exc.value)
    assert prices_of("gpt-4o-mini")[:2] == (Decimal("0.10"), Decimal("0.50"))
    assert not PriceChange.objects.exists()


def test_a_missing_file_or_a_directory_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match=r"No price file at .*absent\.json\."):
        run(str(tmp_path / "absent.json"))
    with pytest.raises(CommandError, match="is a directory, not a price file"):
        run(str(tmp_path))


def test_entries_the_import_does_not_use_are_not_judged(db, tmp_path):
    # LiteLLM's own sample_spec holds words where numbers go; another host's odd entry is none of ours
    path = write(tmp_path, '{"sample_spec": {"max_tokens": "LEGACY parameter", "input_cost_per_token": 0.0},'
                           ' "azure/gpt-4o-mini": {"input_cost_per_token": "n/a", "litellm_provider": "azure"}}')
    out, _ = run(path)
    assert "Entries not used (other models, other hosts): 1 (" in out


def test_the_audit_rows_are_read_only_in_the_admin(old_prices, admin_client):
    run(str(FIXTURE), "--apply", "--actor", ACTOR)
    row = PriceChange.objects.get(model__model_name="dall-e-3")

    page = admin_client.get("/admin/catalog/pricechange/").content.decode()

    assert "cost_per_image 0.05 -&gt; 0.04" in page and ACTOR in page
    assert admin_client.get("/admin/catalog/pricechange/add/").status_code == 403
    assert admin_client.post(f"/admin/catalog/pricechange/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PriceChange.objects.filter(pk=row.pk).exists()
