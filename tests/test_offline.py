"""No byte leaves the machine and nothing is queued to leave it: ingest, ask and the app, each run
from a plain environment with an empty HOME under strace, connect to nothing beyond 127.0.0.1,
never use a resolver, and write nothing under HOME."""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

STRACE = shutil.which("strace")
TRACED = "connect,sendto,sendmsg,sendmmsg,openat"
QUESTION = "How many AI researchers does China have?"
# What rag/offline.py sets, and where libraries would put their caches: left out of the
# environment, so that each run starts as from a plain shell and every default points at HOME.
NOT_INHERITED = (
    *("ORT_", "HF_", "TRANSFORMERS_", "GRADIO_", "DO_NOT_TRACK", "DISABLE_TELEMETRY"),
    *("XDG_", "RAG_"),
)
SOCKET = re.compile(r"sa_family=(AF_INET6?)\b[^}]*")
# onnxruntime's telemetry uploads about 9 s after its import: the app keeps serving that long.
APP_LINGER = 12
# A CA bundle where onnxruntime looks for one: without it (as on Debian) its uploader stays unarmed
# and the check could not see it try.
CA_BUNDLES = [Path("/etc/ssl/certs/ca-certificates.crt"), Path("/etc/pki/tls/certs/ca-bundle.crt")]


@pytest.fixture(scope="module")
def strace() -> str:
    message = "strace is missing: apt-get install -y --no-install-recommends strace"
    if STRACE is None or subprocess.run([STRACE, "-o", os.devnull, "true"]).returncode != 0:
        if STRACE is not None:
            message = "strace cannot trace here (ptrace refused)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (the offline tests must run under CI=true)")
        pytest.skip(message)
    return STRACE


def plain_env(home: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(NOT_INHERITED)}
    env.update(HOME=str(home), RAG_CACHE=str(cache), PYTHONPATH=str(ROOT))
    bundle = next((b for b in CA_BUNDLES if b.exists()), None)
    if bundle is not None:
        env["SSL_CERT_FILE"] = str(bundle)
    return env


def traced(strace: str, log: Path, args: list[str]) -> list[str]:
    return [strace, "-f", "-qq", "-e", "signal=none", "-e", f"trace={TRACED}", "-o", str(log), *args]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            parent = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if entry.name.isdigit() and parent == pid:
            found.append(int(entry.name))
    return found


def local(url: str, data: bytes | None = None, timeout: float = 5) -> str:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    headers = {"Content-Type": "application/json"} if data else {}
    with opener.open(urllib.request.Request(url, data=data, headers=headers), timeout=timeout) as reply:
        return reply.read().decode()


def run_app(strace: str, log: Path, env: dict[str, str], root: Path, docs: Path) -> str:
    """Start the app under strace, wait until it serves, ask it once, stop it; its answer."""
    port = free_port()
    args = [sys.executable, str(ROOT / "app.py"), "--port", str(port), "--index", str(root / "index")]
    args += ["--seeds", str(docs), "--uploads", str(root / "uploads")]
    with open(root / "app.out", "w") as out:
        tracer = subprocess.Popen(traced(strace, log, args), cwd=root, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            assert tracer.poll() is None, (root / "app.out").read_text()
            assert time.monotonic() < deadline, "the app did not start serving in 300 s"
            try:
                local(base + "/")
                break
            except OSError:
                time.sleep(0.5)
        body = json.dumps({"data": [QUESTION, 3, ""]}).encode()
        event = json.loads(local(base + "/gradio_api/call/search", body))["event_id"]
        answer = local(f"{base}/gradio_api/call/search/{event}", timeout=120)
        time.sleep(APP_LINGER)
        return answer
    finally:
        app = children_of(tracer.pid)
        for pid in app:
            os.kill(pid, signal.SIGTERM)
        try:
            tracer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            for pid in app:
                os.kill(pid, signal.SIGKILL)
            tracer.wait()


@pytest.fixture(scope="module")
def runs(strace: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """ingest (with an empty export cache, so the ONNX export runs too), ask, and the app."""
    root = tmp_path_factory.mktemp("offline")
    home, cache, docs = root / "home", root / "rag-cache", root / "docs"
    for folder in (home, cache, docs):
        folder.mkdir()
    (docs / SEED.name).write_bytes(SEED.read_bytes())
    env = plain_env(home, cache)
    logs = {name: root / f"{name}.strace" for name in ("ingest", "ask", "app")}
    rag = [sys.executable, "-m", "rag"]
    ingest = [*rag, "ingest", str(docs), "--index", str(root / "index"), "--backend", "onnx-int8"]
    options = {"cwd": root, "env": env, "capture_output": True, "text": True, "timeout": 600}
    done = subprocess.run(traced(strace, logs["ingest"], ingest), **options)
    assert done.returncode == 0, done.stderr
    ask = [*rag, "ask", QUESTION, "--json", "--index", str(root / "index")]
    asked = subprocess.run(traced(strace, logs["ask"], ask), **options)
    assert asked.returncode == 0 and "30,000" in json.loads(asked.stdout)["answer"], asked.stderr
    served = run_app(strace, logs["app"], env, root, docs)
    assert "event: complete" in served and "30,000" in served, served[:2000]
    return {"home": home, "logs": logs}


def leaks(log: Path) -> tuple[list[str], list[str]]:
    """(calls that reach beyond this machine or a resolver, AF_UNIX connects seen)."""
    bad, unix = [], []
    for line in log.read_text(errors="replace").splitlines():
        if "openat(" in line:
            if '"/etc/resolv.conf"' in line:
                bad.append(line)
            continue
        if "AF_UNIX" in line and "connect(" in line:
            unix.append(line)
        for found in SOCKET.finditer(line):
            text = found.group(0)
            port = re.search(r"sin6?_port=htons\((\d+)\)", text)
            address = re.search(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"', text)
            if address is None:
                bad.append(line)
                continue
            ip = ipaddress.ip_address(address.group(1) or address.group(2))
            mapped = getattr(ip, "ipv4_mapped", None)
            if not (mapped or ip).is_loopback or (port and port.group(1) == "53"):
                bad.append(line)
    return bad, unix


@pytest.mark.parametrize("command", ["ingest", "ask", "app"])
def test_nothing_contacts_another_host_or_a_resolver(runs: dict[str, object], command: str):
    log = runs["logs"][command]  # type: ignore[index]
    assert log.stat().st_size > 0  # strace did trace it
    bad, _ = leaks(log)
    assert not bad, f"{command} reached beyond 127.0.0.1 or used a resolver:\n" + "\n".join(bad[:20])


def test_nothing_is_written_or_queued_under_home(runs: dict[str, object]):
    home: Path = runs["home"]  # type: ignore[assignment]
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert written == [], f"files under HOME (telemetry queues such as .cache/Microsoft?): {written}"


def test_the_log_parser_sees_a_lookup_and_an_outside_connection(tmp_path: Path):
    log = tmp_path / "sample.strace"
    log.write_text(
        '1 connect(4, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT\n'
        '1 connect(5, {sa_family=AF_INET, sin_port=htons(8000), sin_addr=inet_addr("127.0.0.1")}, 16) = 0\n'
        '1 connect(6, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.53")}, 16) = 0\n'
        "2 connect(7, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), "
        'inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), sin6_scope_id=0}, 28 <unfinished ...>\n'
        '2 sendto(8, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(53), '
        'sin_addr=inet_addr("127.0.0.53")}, 16) = 1\n'
        '3 openat(AT_FDCWD, "/etc/resolv.conf", O_RDONLY|O_CLOEXEC) = 3\n'
        "3 connect(9, {sa_family=AF_INET6, sin6_port=htons(7860), sin6_flowinfo=htonl(0), "
        'inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0\n',
        encoding="utf-8",
    )
    bad, unix = leaks(log)
    assert [line.split("(")[0] for line in bad] == ["1 connect", "2 connect", "2 sendto", "3 openat"]
    assert len(unix) == 1
