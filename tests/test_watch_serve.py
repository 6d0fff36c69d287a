"""`evenhand watch --serve` (issue #18): rebuild on save, a page that reloads itself, only build/ served."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import run_cli

pytestmark = pytest.mark.slow  # each test starts `evenhand watch` and waits for its build

TIMEOUT = 60  # seconds: generous, the machine running the tests may be loaded


class Watch:
    """`evenhand watch --serve` running in LIB, its output lines read as they come."""

    def __init__(self, lib: Path, *args: str):
        env = {**os.environ, "COLUMNS": "100", "CI": "true"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "evenhand", "watch", *args],
            cwd=lib,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.err: list[str] = []
        threading.Thread(
            target=lambda: [self.lines.put(x) for x in self.proc.stdout], daemon=True
        ).start()
        threading.Thread(
            target=lambda: [self.err.append(x) for x in self.proc.stderr], daemon=True
        ).start()

    def wait_for(self, pattern: str) -> re.Match:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.proc.poll() is None, "".join(self.err)
                continue
            m = re.search(pattern, line)
            if m:
                return m
        raise AssertionError(f"no line matching {pattern!r}; stderr: {''.join(self.err)}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=TIMEOUT)


@pytest.fixture
def served(tiny_library: Path):
    watch = Watch(tiny_library, "--serve", "--format", "html")
    url = watch.wait_for(r"serving build/ at (http://127\.0\.0\.1:\d+/)").group(1)
    watch.wait_for(r"watching arguments/")
    yield tiny_library, url, watch
    watch.stop()


def get(url: str, timeout: float = TIMEOUT) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_a_saved_topic_reloads_the_served_page(served):
    lib, url, watch = served
    status, page = get(url + "handout.html")
    assert status == 200 and b"Teenagers learn better after more sleep" in page
    wait = re.search(rb"var f=\"handout.html\",v=(\d+);.*?fetch\('(/__evenhand/wait)", page)
    assert wait, "the served page has no reload script"
    # only the served copy has it
    assert b"__evenhand" not in (lib / "build" / "handout.html").read_bytes()
    version = int(wait.group(1))
    answer: dict = {}

    def long_poll() -> None:  # what the page's script does: wait for the reload signal
        answer["status"], answer["body"] = get(
            f"{url}__evenhand/wait?file=handout.html&v={version}"
        )
        answer["at"] = time.monotonic()

    waiter = threading.Thread(target=long_poll)
    waiter.start()
    time.sleep(0.3)
    topic = lib / "arguments" / "school-start-time.yaml"
    saved = time.monotonic()
    topic.write_text(topic.read_text().replace("Teenagers learn better", "Pupils learn better"))
    waiter.join(TIMEOUT)
    assert not waiter.is_alive(), "no reload signal after the save"
    assert answer["status"] == 200 and json.loads(answer["body"])["v"] == version + 1
    assert answer["at"] - saved < TIMEOUT
    status, page = get(url + "handout.html")
    assert b"Pupils learn better after more sleep" in page
    assert f"v={version + 1};".encode() in page


def test_a_file_with_an_error_keeps_the_last_good_output(served):
    lib, url, watch = served
    topic = lib / "arguments" / "school-start-time.yaml"
    good = (lib / "build" / "handout.html").read_bytes()
    topic.write_text(topic.read_text().replace("position: supporters", "position: nobody", 1))
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and not any(
        "keeping the last good outputs" in x for x in watch.err
    ):
        time.sleep(0.2)
    err = "".join(watch.err)
    assert re.search(r"arguments/school-start-time\.yaml:\d+:\d+: error: .*nobody", err), err
    assert (lib / "build" / "handout.html").read_bytes() == good
    assert watch.proc.poll() is None  # still watching
    assert watch.stop() == 0
    assert "Traceback" not in "".join(watch.err)


@pytest.fixture
def server(tiny_library: Path):
    """The preview server `watch --serve` starts, here in the test process, over a built
    library's build/ (the tests above show watch serving it)."""
    from evenhand.preview_server import PreviewServer

    built = run_cli("build", "handout", "-f", "html", cwd=tiny_library)
    assert built.code == 0, built.err
    server = PreviewServer(tiny_library / "build")
    server.start()
    yield tiny_library, server.url
    server.close()


def test_the_server_serves_only_build(server, tmp_path):
    lib, url = server
    (lib / "build" / "out").symlink_to(lib / "arguments")  # a link leading out of build/
    (tmp_path / "secret.html").write_text("<p>secret</p>")
    (lib / "build" / "secret.html").symlink_to(tmp_path / "secret.html")
    for path in (
        "../arguments/school-start-time.yaml",
        "%2e%2e/arguments/school-start-time.yaml",
        "%2E%2E%2Farguments%2Fschool-start-time.yaml",
        "out/school-start-time.yaml",
        "secret.html",
        ".evenhand-record.json",
        "out/",
        "..%5carguments%5cschool-start-time.yaml",
        "nothing.html",
    ):
        status, body = get(url + path)
        assert status == 404, path
        assert b"school-start-time" not in body and b"secret" not in body
    status, index = get(url)
    assert status == 200 and b'href="handout.html"' in index
    request = urllib.request.Request(url + "handout.html", headers={"Host": "evil.example:80"})
    try:
        urllib.request.urlopen(request, timeout=TIMEOUT)
        refused = None
    except urllib.error.HTTPError as exc:
        refused = exc.code
    assert refused == 403  # a name that is not loopback's (DNS rebinding) is refused
    port = int(url.rsplit(":", 1)[1].strip("/"))

    addresses = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[3] == "0A"
    ]
    assert f"0100007F:{port:04X}" in addresses  # listening on 127.0.0.1 only
