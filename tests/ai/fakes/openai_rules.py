"""What OpenAI refuses on /chat/completions and /images/generations, from its API reference and the
installed SDK's parameter types (openai.types): the fake answers these with a 400.

Known models are checked as OpenAI documents them; any other model name is an OpenAI-compatible
server's, checked only for the parameters every server shares.
"""

from openai.types import image_generate_params
from openai.types.chat import completion_create_params

from tests.ai.fakes.rules import Refused, integer, listed, number, one_of, string

_chat = completion_create_params.CompletionCreateParamsBase
CHAT_PARAMS = _chat.__required_keys__ | _chat.__optional_keys__ | {"stream"}
_image = image_generate_params.ImageGenerateParamsBase
IMAGE_PARAMS = _image.__required_keys__ | _image.__optional_keys__ | {"stream"}
ROLES = ("system", "assistant", "user", "function", "tool", "developer")
RESPONSE_FORMATS = ("text", "json_object", "json_schema")
# Reasoning models: max_completion_tokens only, the default temperature only, these efforts.
REASONING_EFFORTS = {"gpt-5.2": ("none", "low", "medium", "high", "xhigh"), "gpt-5.1": ("none", "low", "medium", "high"),
                     "gpt-5": ("minimal", "low", "medium", "high"), "o": ("low", "medium", "high")}
_GPT_IMAGE = {"sizes": ("1024x1024", "1536x1024", "1024x1536", "auto"), "quality": ("low", "medium", "high", "auto"),
              "style": False, "n": 10, "prompt": 32000, "gpt": True}
IMAGE_MODELS = {
    "dall-e-2": {"sizes": ("256x256", "512x512", "1024x1024"), "quality": ("standard",), "style": False, "n": 10,
                 "prompt": 1000, "gpt": False},
    "dall-e-3": {"sizes": ("1024x1024", "1792x1024", "1024x1792"), "quality": ("standard", "hd"),
                 "style": ("vivid", "natural"), "n": 1, "prompt": 4000, "gpt": False},
    "gpt-image-1": _GPT_IMAGE, "gpt-image-1-mini": _GPT_IMAGE,
}
GPT_IMAGE_ONLY = ("background", "moderation", "output_format", "output_compression", "partial_images")


def _unsupported(param: str) -> Refused:
    return Refused(f"Unsupported parameter: '{param}' is not supported with this model.", param=param,
                   code="unsupported_parameter")


def reasoning_efforts(model: str) -> tuple[str, ...] | None:
    """The efforts a reasoning model takes; None for a model that does not reason."""
    if model.startswith("gpt-5") and not model.startswith("gpt-5-chat"):
        return next(REASONING_EFFORTS[p] for p in ("gpt-5.2", "gpt-5.1", "gpt-5") if model.startswith(p))
    if len(model) > 1 and model[0] == "o" and model[1].isdigit():
        return REASONING_EFFORTS["o"]
    return None


def check_chat(body) -> None:
    if not isinstance(body, dict):
        raise Refused("We could not parse the JSON body of your request.")
    for name in body:
        if name not in CHAT_PARAMS:
            raise Refused(f"Unrecognized request argument supplied: {name}")
    for name in ("model", "messages"):
        if name not in body:
            raise Refused(f"Missing required parameter: '{name}'.", param=name, code="missing_required_parameter")
    _messages(body["messages"])
    if body.get("stream_options") is not None and not body.get("stream"):
        raise Refused("The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                      param="stream_options", code="invalid_value")
    _chat_limits(body)
    _reasoning(body)
    _response_format(body)


def _messages(messages) -> None:
    if not isinstance(messages, list) or not messages:
        raise Refused("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty "
                      "array instead.", param="messages", code="empty_array")
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or "role" not in message:
            raise Refused(f"Missing required parameter: 'messages[{i}].role'.", param=f"messages[{i}].role",
                          code="missing_required_parameter")
        one_of("role", message["role"], ROLES, where=f"messages[{i}].role")
        if not isinstance(message.get("content"), str | list) and message["role"] != "assistant":
            raise Refused(f"Invalid type for 'messages[{i}].content': expected one of a string or array of "
                          "objects.", param=f"messages[{i}].content", code="invalid_type")


def _chat_limits(body: dict) -> None:
    if "max_tokens" in body and "max_completion_tokens" in body:
        raise Refused("max_tokens and max_completion_tokens cannot both be set.", param="max_tokens")
    for name in ("max_tokens", "max_completion_tokens"):
        if body.get(name) is not None:
            integer(name, body[name], 1)
    if body.get("temperature") is not None:
        number("temperature", body["temperature"], 0, 2)
    if body.get("n") is not None:
        integer("n", body["n"], 1, 128)
    if body.get("safety_identifier") is not None:
        string("safety_identifier", body["safety_identifier"], min_length=1, max_length=64)


def _reasoning(body: dict) -> None:
    efforts = reasoning_efforts(str(body["model"]))
    if efforts is None:
        if body.get("reasoning_effort") is not None:
            raise _unsupported("reasoning_effort")
        return
    if "max_tokens" in body:
        raise Refused("Unsupported parameter: 'max_tokens' is not supported with this model. Use "
                      "'max_completion_tokens' instead.", param="max_tokens", code="unsupported_parameter")
    if body.get("temperature") not in (None, 1):
        raise Refused(f"Unsupported value: 'temperature' does not support {body['temperature']} with this model. "
                      "Only the default (1) value is supported.", param="temperature", code="unsupported_value")
    effort = body.get("reasoning_effort")
    if effort is not None and effort not in efforts:
        raise Refused(f"Unsupported value: 'reasoning_effort' does not support '{effort}' with this model. "
                      f"Supported values are: {listed(efforts)}.", param="reasoning_effort", code="unsupported_value")


def _response_format(body: dict) -> None:
    form = body.get("response_format")
    if form is None:
        return
    if not isinstance(form, dict) or "type" not in form:
        raise Refused("Missing required parameter: 'response_format.type'.", param="response_format.type",
                      code="missing_required_parameter")
    one_of("type", form["type"], RESPONSE_FORMATS, where="response_format.type")
    said = " ".join(str(m.get("content")) for m in body["messages"] if isinstance(m, dict)).lower()
    if form["type"] == "json_object" and "json" not in said:
        raise Refused("'messages' must contain the word 'json' in some form, to use 'response_format' of type "
                      "'json_object'.", param="messages")


def check_image(body) -> None:
    if not isinstance(body, dict):
        raise Refused("We could not parse the JSON body of your request.")
    for name in body:
        if name not in IMAGE_PARAMS:
            raise Refused(f"Unknown parameter: '{name}'.", param=name, code="unknown_parameter")
    if not body.get("prompt"):
        raise Refused("Missing required parameter: 'prompt'.", param="prompt", code="missing_required_parameter")
    if body.get("n") is not None:
        integer("n", body["n"], 1, 10)
    model = IMAGE_MODELS.get(body.get("model") or "dall-e-2")
    if model is not None:  # an unknown name is an OpenAI-compatible server's model
        _image_for_model(body, model)


def _image_for_model(body: dict, model: dict) -> None:
    string("prompt", body["prompt"], min_length=1, max_length=model["prompt"])
    if (body.get("n") or 1) > model["n"]:
        raise Refused(f"Invalid 'n': integer above maximum value. Expected a value <= {model['n']}, but got "
                      f"{body['n']} instead.", param="n", code="integer_above_max_value")
    for name in ("size", "quality"):
        if body.get(name) is not None:
            one_of(name, body[name], model["sizes" if name == "size" else "quality"])
    if body.get("style") is not None:
        if not model["style"]:
            raise _unsupported("style")
        one_of("style", body["style"], model["style"])
    if body.get("response_format") is not None:
        if model["gpt"]:  # GPT image models always answer base64 and know no response_format
            raise Refused("Unknown parameter: 'response_format'.", param="response_format", code="unknown_parameter")
        one_of("response_format", body["response_format"], ("url", "b64_json"))
    for name in GPT_IMAGE_ONLY:
        if body.get(name) is not None and not model["gpt"]:
            raise _unsupported(name)
    if body.get("moderation") is not None:
        one_of("moderation", body["moderation"], ("low", "auto"))
