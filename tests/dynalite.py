"""dynalite, a real DynamoDB-compatible server (npm), for the DynamoDB store's tests.

    with Dynalite(path=tmp_path / "ddb") as server:      # or path=None: in memory
        server.create_table("SecureBaseUsers")
        config = Config(store="dynamodb", dynamodb_table="SecureBaseUsers", dynamodb_endpoint=server.endpoint)
        server.kill()      # as if the store died
        server.start()     # same port, same path: the data is back

It listens on 127.0.0.1 on a free port with ``--createTableMs 0``. If node_modules is missing
it fails (never skips) and says how to install it.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from servers import free_port

ROOT = Path(__file__).resolve().parent.parent
DYNALITE = ROOT / "node_modules" / ".bin" / "dynalite"
REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}


class Dynalite:
    def __init__(self, path: str | os.PathLike | None = None, port: int | None = None, startup_seconds: float = 20.0):
        self.path = str(path) if path else None
        self.port = port or free_port()
        self.startup_seconds = startup_seconds
        self.process: subprocess.Popen | None = None
        self._log = tempfile.NamedTemporaryFile(prefix="dynalite-", suffix=".log", delete=False)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Dynalite":
        if not DYNALITE.exists():
            pytest.fail(f"dynalite is not installed ({DYNALITE}); run `npm ci` (or `make test`) first")
        command = [str(DYNALITE), "--host", "127.0.0.1", "--port", str(self.port), "--createTableMs", "0",
                   "--deleteTableMs", "0", "--updateTableMs", "0"]
        if self.path:
            Path(self.path).mkdir(parents=True, exist_ok=True)
            command += ["--path", self.path]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + self.startup_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"dynalite exited at start: {Path(self._log.name).read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("dynalite did not start listening in time")

    def kill(self) -> None:
        """Stop it hard, as a crashed store would: no goodbye to connected clients."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def freeze(self) -> None:
        """SIGSTOP: it keeps its port and accepts connections, but answers nothing (a hung store)."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.killpg(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None

    def resource(self):
        import boto3

        return boto3.session.Session(region_name=REGION, **CREDENTIALS).resource("dynamodb", endpoint_url=self.endpoint)

    def create_table(self, name: str) -> None:
        """The table template.yaml declares: string hash key ``id``."""
        table = self.resource().create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        table.wait_until_exists()

    def item(self, table: str, key: str) -> dict | None:
        """The raw stored item for a partition key, read straight from the server."""
        return self.resource().Table(table).get_item(Key={"id": key}, ConsistentRead=True).get("Item")

    def __enter__(self) -> "Dynalite":
        return self.start()

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()  # a frozen process cannot act on SIGTERM
        self.stop()
        try:
            os.unlink(self._log.name)
        except OSError:
            pass


# --- fixtures and helpers shared by the store tests (import them into a test module) ---------

USER = "amzn1.ask.account.TEST"  # the builders' default user id


@pytest.fixture(scope="session")
def dynalite_server(tmp_path_factory):
    """One in-memory dynalite for the session; each test gets its own table."""
    with Dynalite() as server:
        yield server


@pytest.fixture(params=["sqlite", "dynamodb"])
def store_config(request, tmp_path):
    """The same behaviour, on each real store."""
    from skill.config import Config

    budget = 3.0  # what lands, not how fast: see TEST_STORE_BUDGET in conftest.py
    if request.param == "sqlite":
        return Config(store="sqlite", sqlite_path=str(tmp_path / "store.sqlite3"), store_budget=budget)
    server = request.getfixturevalue("dynalite_server")
    table = f"SecureBaseUsers-{uuid.uuid4().hex[:12]}"
    server.create_table(table)
    return Config(store="dynamodb", dynamodb_table=table, dynamodb_endpoint=server.endpoint, store_budget=budget)


def read_back(config, user_id: str = USER) -> dict | None:
    """What the store holds for a user, read straight from the store (not through the skill)."""
    import json
    import sqlite3

    from skill import persistence

    key = persistence.hash_user_id(user_id, config.log_salt)
    if config.store == "sqlite":
        with contextlib.closing(sqlite3.connect(config.sqlite_path)) as db:
            row = db.execute("SELECT attributes FROM users WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None
    import boto3

    resource = boto3.session.Session(region_name=REGION, **CREDENTIALS).resource(
        "dynamodb", endpoint_url=config.dynamodb_endpoint)
    item = resource.Table(config.dynamodb_table).get_item(Key={"id": key}, ConsistentRead=True).get("Item")
    return persistence.from_dynamo(item["attributes"]) if item else None


def raw_dump(config) -> str:
    """Everything the store holds, as text (to show no user id is stored in clear)."""
    import sqlite3

    if config.store == "sqlite":
        with contextlib.closing(sqlite3.connect(config.sqlite_path)) as db:
            return repr(db.execute("SELECT * FROM users").fetchall())
    import boto3

    resource = boto3.session.Session(region_name=REGION, **CREDENTIALS).resource(
        "dynamodb", endpoint_url=config.dynamodb_endpoint)
    return repr(resource.Table(config.dynamodb_table).scan()["Items"])


def new_session(config, **envelope_kwargs):
    """A conversation with a freshly built skill: another Lambda container, another worker."""
    from builders import Conversation
    from skill import app

    skill = app.build(config)
    return Conversation(lambda body: app.invoke(skill, body), **envelope_kwargs)


def at(timestamp: str, name: str, **slots) -> dict:
    """An intent request stamped with a given time (Alexa stamps every request); "LaunchRequest" too."""
    from builders import intent

    request = {"type": "LaunchRequest"} if name == "LaunchRequest" else intent(name, **slots)
    return {**request, "timestamp": timestamp}
