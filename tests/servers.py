"""Real processes for tests: the skill's own HTTP endpoint, and the Node tools that talk to it.

`SkillServer` starts ``python -m skill serve --no-verify --host 127.0.0.1 --port <free>`` as a
subprocess on a temporary SQLite store, waits until it answers, and stops it:

    with SkillServer(tmp_path / "store.sqlite3") as server:
        requests go to server.url

`node()` runs a Node script from the repository root, where `make test` installs node_modules;
if the Node tools are missing it fails (never skips) and says how to install them.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
JS = Path(__file__).resolve().parent / "js"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SkillServer:
    """`python -m skill serve --no-verify` on 127.0.0.1 with its own SQLite file."""

    def __init__(self, sqlite_path: str | os.PathLike, *, env: dict | None = None, startup_seconds: float = 30.0,
                 tls: tuple[str, str] | None = None):
        self.sqlite_path = str(sqlite_path)
        self.tls = tls  # (certificate, key): serve HTTPS (see self_signed())
        self.port = free_port()
        self.host = "127.0.0.1"
        self.extra_env = dict(env or {})
        self.startup_seconds = startup_seconds
        self.process: subprocess.Popen | None = None
        self._log = tempfile.NamedTemporaryFile(prefix="sb-serve-", suffix=".log", delete=False)

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}/"

    def open(self, request, timeout: float = 30):
        """urllib.request.urlopen, trusting this server's own certificate when it serves HTTPS."""
        context = ssl.create_default_context(cafile=self.tls[0]) if self.tls else None
        return urllib.request.urlopen(request, timeout=timeout, context=context)

    def start(self) -> "SkillServer":
        env = {**os.environ, "SB_STORE": "sqlite", "SB_SQLITE_PATH": self.sqlite_path, "PYTHONUNBUFFERED": "1",
               **self.extra_env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "skill", "serve", "--no-verify", "--host", self.host, "--port", str(self.port),
             *(("--cert", self.tls[0], "--key", self.tls[1]) if self.tls else ())],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + self.startup_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the skill server exited with {self.process.returncode}:\n{self.logs()}")
            if self._answers():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the skill server did not answer within {self.startup_seconds:.0f} s:\n{self.logs()}")

    def _answers(self) -> bool:
        """Any HTTP answer from / means Flask is up (a GET there is 405, which is fine)."""
        try:
            with self.open(self.url, timeout=1):
                return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, ConnectionError, OSError):
            return False

    def post(self, body: dict | bytes) -> tuple[int, dict | str]:
        """POST one request envelope (or raw bytes); the status and the parsed JSON answer."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        req = urllib.request.Request(self.url, data=data, headers={"Content-Type": "application/json"}, method="POST")
        try:
            with self.open(req, timeout=30) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode()
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def logs(self) -> str:
        """Everything the server printed so far (its log lines, tracebacks included)."""
        if self._log.closed:
            return ""
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")

    def __enter__(self) -> "SkillServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self._log.close()
        Path(self._log.name).unlink(missing_ok=True)


def self_signed(directory: str | os.PathLike) -> tuple[str, str]:
    """A certificate for 127.0.0.1 and its key (PEM files in ``directory``), made with `cryptography`.

    AudioPlayer streams only over HTTPS, so a test that plays a stream serves it over TLS; the test's
    clients trust this one certificate (Python: SkillServer.open, Node: NODE_EXTRA_CA_CERTS)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    directory = Path(directory)
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def require_node_tools(*packages: str) -> str:
    """The `node` executable; fails the test (not a skip) if Node or a package is missing."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("`node` is not on PATH. Install Node.js; `make test` then installs the Node tools.", pytrace=False)
    missing = [p for p in packages if not (NODE_MODULES / p / "package.json").is_file()]
    if missing:
        pytest.fail(f"Node packages missing from {NODE_MODULES}: {', '.join(missing)}. "
                    "Run `make test` (or `npm ci` in the repository root) to install them.", pytrace=False)
    return node


def node(script: str | os.PathLike, *args: str, stdin: str | None = None, timeout: float = 300,
         packages: tuple[str, ...] = (), env: dict | None = None) -> str:
    """Run a script under tests/js with cwd at the repository root; its stdout, or a failure with stderr."""
    executable = require_node_tools(*packages)
    env = {**os.environ, "NODE_NO_WARNINGS": "1", **(env or {})}  # virtual-alexa's aws-sdk v2 notice is noise here
    proc = subprocess.run([executable, str(JS / script), *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=timeout, env=env)
    if proc.returncode != 0:
        pytest.fail(f"node {script} exited with {proc.returncode}:\n{proc.stderr or proc.stdout}", pytrace=False)
    return proc.stdout


def ssml_check(ssml_list: list[str], *, locale: str = "en-US") -> list:
    """ssml-check-core (platform amazon) over many SSML strings in one Node process.

    Returns one entry per input: None when clean, else the tool's list of errors.
    """
    if not ssml_list:
        return []
    out = node("ssml_check.js", "--locale", locale, stdin=json.dumps(ssml_list), packages=("ssml-check-core",))
    results = json.loads(out)
    assert len(results) == len(ssml_list), "ssml_check.js must answer once per input"
    return results


def audio_config(tmp_path_factory, name: str, public_url: str):
    """A module's own store and audio folders, rendering with espeak-ng (skipped where it is missing)."""
    from skill.config import Config

    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed: .ci/run installs it (apt-get install espeak-ng)")
    base = tmp_path_factory.mktemp(name)
    return Config(store="sqlite", sqlite_path=str(base / "store.sqlite3"), audio_dir=str(base / "sessions"),
                  phrase_dir=str(base / "phrases"), public_url=public_url)
