"""`evenhand watch --serve`: the library's build/ folder over HTTP, on loopback only.

Only files under build/ are served (paths resolved and confined: no `..`, no
link leading out, no hidden files, no folder listings but build/'s own index).
HTML pages get a small script, added as they are served (never to the written
files), that long-polls ``/__evenhand/wait`` and reloads the page when its file
is rebuilt.
"""

from __future__ import annotations

import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

HOST = "127.0.0.1"
WAIT_PATH = "/__evenhand/wait"
WAIT_SECONDS = 25.0  # a long poll answers at the latest after this; the page asks again
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".css": "text/css; charset=utf-8",
}
_SCRIPT = (
    "<script>/* evenhand watch: reload when this brief is rebuilt */(function(){{"
    "var f={file},v={version};function w(){{fetch('{wait}?file='+encodeURIComponent(f)+'&v='+v,{{cache:'no-store'}})"
    ".then(function(r){{return r.json()}}).then(function(d){{if(d.v!==v){{location.reload()}}else{{w()}}}})"
    ".catch(function(){{setTimeout(w,1000)}})}}w()}})();</script>"
)


class Versions:
    """A version number per served file, bumped when the file is rebuilt; waiters wake."""

    def __init__(self) -> None:
        self._versions: dict[str, int] = {}
        self._changed = threading.Condition()
        self.closed = False

    def get(self, name: str) -> int:
        with self._changed:
            return self._versions.get(name, 0)

    def bump(self, names) -> None:
        with self._changed:
            for name in names:
                self._versions[name] = self._versions.get(name, 0) + 1
            self._changed.notify_all()

    def wait(self, name: str, seen: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(
                lambda: self.closed or self._versions.get(name, 0) != seen, timeout
            )
            return self._versions.get(name, 0)

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def with_reload(page: bytes, name: str, version: int) -> bytes:
    """The page with the reload script before its </body> (or at its end)."""
    script = _SCRIPT.format(file=json.dumps(name), version=version, wait=WAIT_PATH).encode("utf-8")
    at = page.lower().rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def confined(build_dir: Path, url_path: str) -> Path | None:
    """The file under ``build_dir`` that a request's path names, or None (not there, or not allowed)."""
    parts = [p for p in unquote(urlsplit(url_path).path).split("/") if p]
    if any(p in (".", "..") or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    root = build_dir.resolve()
    try:
        real = build_dir.joinpath(*parts).resolve()
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


class PreviewServer(ThreadingHTTPServer):
    """Serves ``build_dir`` on 127.0.0.1 (``port`` 0: one the system chooses)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, build_dir: str | Path, port: int = 0):
        self.build_dir = Path(build_dir)
        self.versions = Versions()
        super().__init__((HOST, port), _Handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def name_of(self, path: str | Path) -> str | None:
        """The served name of a written file (its path under build/), or None."""
        try:
            return Path(path).resolve().relative_to(self.build_dir.resolve()).as_posix()
        except (ValueError, OSError):
            return None

    def rebuilt(self, paths) -> None:
        """Tell the pages showing these files to reload."""
        self.versions.bump(n for n in map(self.name_of, paths) if n is not None)

    def start(self) -> None:
        # looks for shutdown every 0.1 s (the default, 0.5 s, is felt when `watch` is stopped)
        self._thread = threading.Thread(
            target=self.serve_forever, args=(0.1,), name="evenhand-serve", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self.versions.close()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "evenhand-watch"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:  # noqa: A002  quiet: the terminal shows the builds
        pass

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in (HOST, "localhost"):  # another name pointing here (DNS rebinding): refused
            return self._send(403, b"forbidden\n", "text/plain; charset=utf-8", body)
        split = urlsplit(self.path)
        if split.path == WAIT_PATH:
            query = parse_qs(split.query)
            name = query.get("file", [""])[0]
            try:
                seen = int(query.get("v", ["0"])[0])
            except ValueError:
                seen = 0
            version = self.server.versions.wait(name, seen, WAIT_SECONDS)
            return self._send(200, json.dumps({"v": version}).encode(), "application/json", body)
        if split.path in ("", "/"):
            return self._send(200, self._index(), "text/html; charset=utf-8", body)
        path = confined(self.server.build_dir, self.path)
        if path is None:
            return self._send(404, b"not found\n", "text/plain; charset=utf-8", body)
        data = path.read_bytes()
        kind = TYPES.get(path.suffix.lower(), "application/octet-stream")
        if path.suffix.lower() == ".html":
            name = self.server.name_of(path) or ""
            data = with_reload(data, name, self.server.versions.get(name))
        self._send(200, data, kind, body)

    def _index(self) -> bytes:
        folder = self.server.build_dir
        names = (
            sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
            if folder.is_dir()
            else []
        )
        items = "".join(f'<li><a href="{quote(n)}">{html.escape(n)}</a></li>' for n in names)
        return f"<!doctype html><meta charset=utf-8><title>build/</title><h1>build/</h1><ul>{items}</ul>\n".encode()

    def _send(self, status: int, data: bytes, kind: str, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)
