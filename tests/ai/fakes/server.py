"""A small scriptable HTTP server that the real provider SDKs talk to in tests.

Each provider fake subclasses FakeProvider and answers with that provider's wire format. Tests
script the next answers with `queue(...)` (first matching entry wins, FIFO) and read what the
SDK sent in `requests`. Only 127.0.0.1 is ever bound.

Before any scripted answer, `check(request)` refuses what the real provider refuses (its documented
parameters: see tests/ai/fakes/rules.py): such a request gets the provider's own 4xx error, is
recorded in `requests` and in `refusals`, and leaves the script untouched.

A fake serves the images it generates itself: `image_url(name)` is a URL on the fake whose GET
answers IMAGE_PNG, so code that downloads a provider's image never leaves 127.0.0.1.
"""

import base64
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.ai.fakes.rules import Refused

# A 1x1 PNG: what every fake's image URL serves.
IMAGE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)
IMAGE_B64 = base64.b64encode(IMAGE_PNG).decode()  # the same image, as a provider's base64 answer carries it


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    body: Any  # parsed JSON, or None
    raw: bytes = b""


@dataclass
class EventStream:
    """A server-sent-events answer: each event is written (and flushed) `delay` seconds apart,
    then the connection closes, as a provider's streaming answer does."""

    events: list  # each event's data (JSON text), or (event name, data) where the format names events
    delay: float = 0.0
    done_marker: bool = True  # OpenAI ends with "data: [DONE]"

    def frames(self) -> list[bytes]:
        frames = [(f"event: {event[0]}\ndata: {event[1]}\n\n" if isinstance(event, tuple) else f"data: {event}\n\n")
                  .encode() for event in self.events]
        return frames + ([b"data: [DONE]\n\n"] if self.done_marker else [])


@dataclass
class Scripted:
    """One answer. `body`: dict/list is sent as JSON, str/bytes as-is (malformed bodies), a callable
    gets the RecordedRequest and returns the body; None means the provider's default success body."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    path: str | None = None  # only answer requests whose path contains this
    method: str | None = None


class FakeProvider:
    """Base fake: subclasses implement `default(request) -> (status, body)` for the happy path."""

    name = "fake"
    refusal_status = 400

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.refusals: list[Refused] = []
        self.streams_completed = 0
        self.streams_dropped = 0
        self._script: list[Scripted] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True,
                                        name=f"fake-{self.name}")

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> "FakeProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeProvider":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def endpoint(self) -> str:
        """The value to put in ProviderCall.endpoint (IntegrationProvider.api_endpoint)."""
        return self.url

    # --- scripting -------------------------------------------------------------------------
    def queue(
        self,
        status: int = 200,
        body: Any = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        *,
        path: str | None = None,
        method: str | None = None,
        times: int = 1,
    ) -> "FakeProvider":
        with self._lock:
            for _ in range(times):
                self._script.append(Scripted(status, body, dict(headers or {}), delay, path, method))
        return self

    def error(self, status: int, message: str = "error", **kwargs: Any) -> "FakeProvider":
        """Queue an error in this provider's error format."""
        return self.queue(status, self.error_body(status, message, kwargs.pop("code", None)), **kwargs)

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        return {"error": {"message": message, "code": code}}

    def image_url(self, name: str = "img") -> str:
        """Where this fake serves a generated image (GET answers IMAGE_PNG)."""
        return f"{self.url}/images/{name}.png"

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        if request.method == "GET" and request.path.startswith("/images/"):
            return 200, IMAGE_PNG
        return 404, {"error": {"message": f"no route {request.method} {request.path}"}}

    def check(self, request: RecordedRequest) -> None:
        """Raise Refused for a request the real provider refuses; subclasses know their rules."""

    def refusal_body(self, refused: Refused) -> Any:
        return self.error_body(self.refusal_status, refused.message, refused.code)

    @property
    def last(self) -> RecordedRequest:
        return self.requests[-1]

    # --- serving ---------------------------------------------------------------------------
    def _next(self, request: RecordedRequest) -> Scripted:
        with self._lock:
            self.requests.append(request)
            for i, item in enumerate(self._script):
                if (item.path is None or item.path in request.path) and item.method in (None, request.method):
                    return self._script.pop(i)
        return Scripted(body=None)

    def respond(self, request: RecordedRequest) -> tuple[Scripted, int, bytes]:
        try:
            self.check(request)
        except Refused as refused:
            with self._lock:
                self.requests.append(request)
                self.refusals.append(refused)
            return Scripted(self.refusal_status), self.refusal_status, _encode(self.refusal_body(refused))
        item = self._next(request)
        status, body = item.status, item.body
        if callable(body):
            body = body(request)
        if body is None:
            status, body = self.default(request) if item.status == 200 else (item.status, {})
        if isinstance(body, EventStream):
            return item, status, body  # type: ignore[return-value]
        return item, status, _encode(body)

    def wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)


def _encode(body: Any) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body).encode()


def _handler_for(fake: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; with Nagle on, delayed ACKs stall some
        # keep-alive calls by ~40 ms on loopback.
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            request = RecordedRequest(self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                                      _parse(raw), raw)
            item, status, payload = fake.respond(request)
            if item.delay:
                fake.wait(item.delay)
            if isinstance(payload, EventStream):
                self._stream(status, payload)
                return
            content_type = "image/png" if payload.startswith(IMAGE_PNG[:8]) else "application/json"
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in item.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client gave up (timeout): nothing to answer
                self.close_connection = True

        def _stream(self, status: int, stream: EventStream) -> None:
            self.close_connection = True  # the end of the answer is the end of the connection
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                for frame in stream.frames():
                    self.wfile.write(frame)
                    self.wfile.flush()
                    if stream.delay:
                        fake.wait(stream.delay)
                fake.streams_completed += 1
            except OSError:  # the client went away mid-answer
                fake.streams_dropped += 1

        do_GET = do_POST = do_PUT = do_DELETE = _handle

    return Handler


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


Responder = Callable[[RecordedRequest], Any]
