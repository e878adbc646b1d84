"""A small OpenAI-compatible chat server for tests, on 127.0.0.1 only.

It answers ``POST /v1/chat/completions`` (streaming as server-sent events, or not) with
scripted replies, and records every request so tests can inspect the prompt the real
client code sent. ``GET /v1/models`` lists one model.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Reply = Callable[[list[dict]], str]


class FakeOpenAIServer:
    def __init__(self, reply: str | Reply = "OK", model: str = "test-model"):
        self.reply = reply
        self.model = model
        self.requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def text_for(self, messages: list[dict]) -> str:
        return self.reply(messages) if callable(self.reply) else self.reply

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/v1/models":
                    self._json({"object": "list", "data": [{"id": server.model, "object": "model"}]})
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self.send_error(404)
                    return
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                server.requests.append(body)
                text = server.text_for(body.get("messages", []))
                if body.get("stream"):
                    self._stream(text)
                else:
                    self._json(_completion(server.model, text))

            def _json(self, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for piece in _pieces(text):
                    self.wfile.write(f"data: {json.dumps(_chunk(server.model, {'content': piece}))}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(f"data: {json.dumps(_chunk(server.model, {}, 'stop'))}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        return Handler


def _pieces(text: str) -> list[str]:
    """Split into word-sized pieces, as a real server streams tokens."""
    pieces, current = [], ""
    for char in text:
        current += char
        if char == " ":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def _completion(model: str, text: str) -> dict:
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, delta: dict, finish: str | None = None) -> dict:
    return {
        "id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
