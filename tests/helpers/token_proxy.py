"""A bearer-token reverse proxy, the shape of the nginx/Caddy/Envoy front a shared Chroma server needs.

Chroma 1.x's `chroma run` has no authentication of its own: the README tells teams to put a
proxy that checks `Authorization: Bearer TOKEN` in front of it. This one does that over HTTP
on 127.0.0.1, forwarding accepted requests to the real server, so the tests can check that
clients send PAPERS_CHROMA_TOKEN and that a refused token gives a clear error.
"""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse


class TokenProxy:
    def __init__(self, upstream: str, token: str) -> None:
        target = urlparse(upstream)
        expected = f"Bearer {token}"

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                if self.headers.get("Authorization") != expected:
                    body = b'{"error":"Unauthorized","message":"missing or wrong bearer token"}'
                    self.send_response(401)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                length = int(self.headers.get("Content-Length") or 0)
                payload = self.rfile.read(length) if length else None
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body=payload, headers=headers)
                reply = conn.getresponse()
                data = reply.read()
                self.send_response(reply.status)
                for k, v in reply.getheaders():
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> TokenProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
