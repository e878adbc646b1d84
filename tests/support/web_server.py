"""A small web server on 127.0.0.1 for fetch tests: serves given pages, and answers as
an HTTP proxy too (a request for an absolute URL), recording every request it sees."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class LocalWebServer:
    """``pages``: path -> (status, content type, body). ``requests``: (path, via proxy)."""

    def __init__(self, pages: dict[str, tuple[int, str, bytes]] | None = None):
        self.pages = dict(pages or {})
        self.requests: list[tuple[str, bool]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server interface
                via_proxy = self.path.startswith("http://")
                path = urlsplit(self.path).path if via_proxy else self.path
                server.requests.append((path, via_proxy))
                status, kind, body = server.pages.get(path, (404, "text/plain", b"not here"))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # keep test output quiet
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> LocalWebServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
