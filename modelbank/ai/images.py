"""Generated images in the form the caller asked for (OpenAI's `response_format`).

The adapter asks the provider for that form where it can (ImageRequest.response_format); what
still comes back otherwise is converted here, before the call is settled: a URL where base64 was
asked is downloaded (http/https only, within the provider timeout, at most MAX_IMAGE_BYTES) and
encoded. An image that cannot be had in the asked form is an answer we cannot use: the call is
not charged (the hold is released), as for any provider answer AICore cannot use, though the
provider may have billed the platform for it.
"""

from __future__ import annotations

import base64
import functools
import logging
import time
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings

from modelbank.ai.errors import AIOutputInvalid, ImageFetchFailed
from modelbank.ai.providers.base import GeneratedImage

if TYPE_CHECKING:
    import httpx

MAX_IMAGE_BYTES = 20 * 1024 * 1024
logger = logging.getLogger(__name__)


@functools.cache
def _client() -> httpx.Client:
    """One pool, made on the first download (httpx is loaded only by the processes that need it).
    Image hosts need no key: none is sent. Redirects are followed (http/https only, as httpx does)."""
    import httpx

    return httpx.Client(follow_redirects=True, max_redirects=3)


def in_format(images: list[GeneratedImage], response_format: str | None) -> list[GeneratedImage]:
    """Each image in `response_format` alone; None leaves them as the provider gave them."""
    if response_format is None:
        return images
    return [_as_base64(image) if response_format == "b64_json" else _as_url(image) for image in images]


def _as_url(image: GeneratedImage) -> GeneratedImage:
    if not image.url:
        raise AIOutputInvalid("The provider returned the image as base64 only, not as a URL; nothing was charged. "
                              "Ask for response_format 'b64_json'.")
    return replace(image, b64_json="")


def _as_base64(image: GeneratedImage) -> GeneratedImage:
    if image.b64_json:
        return replace(image, url="")
    return replace(image, url="", b64_json=base64.b64encode(download(image.url)).decode())


def download(url: str) -> bytes:
    """The image at `url`; ImageFetchFailed (502) says why not, without the URL itself."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _failed(url, "it was not given an http(s) URL")
    import httpx

    timeout = settings.MODELBANK_AI_TIMEOUT_SECONDS
    try:
        with _client().stream("GET", url, timeout=timeout) as response:
            if response.status_code != 200:
                raise _failed(url, f"the image host answered HTTP {response.status_code}")
            return _read(response, url, deadline=time.monotonic() + timeout)
    except httpx.TimeoutException:
        raise _failed(url, "the image host did not answer in time") from None
    except (httpx.HTTPError, httpx.InvalidURL):
        raise _failed(url, "the image host could not be reached") from None


def _read(response: httpx.Response, url: str, *, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_IMAGE_BYTES:
        raise _failed(url, _too_large())
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > MAX_IMAGE_BYTES:
            raise _failed(url, _too_large())
        if time.monotonic() > deadline:  # httpx's timeout is per read: a slow trickle would pass it
            raise _failed(url, "the image host did not answer in time")
    return bytes(body)


def _too_large() -> str:
    return f"the image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB"


def _failed(url: str, reason: str) -> ImageFetchFailed:
    logger.warning("could not download a generated image from %s: %s", urlsplit(url).hostname or "?", reason)
    return ImageFetchFailed(f"The image was generated, but we could not fetch it to return it as b64_json: {reason}. "
                            "Nothing was charged; try again, or ask for response_format 'url'.")
