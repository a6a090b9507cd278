"""Where preferences and progress live, behind ask-sdk-core's AbstractPersistenceAdapter.

Keys are a salted hash of the Alexa user id, never the id itself.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from .config import Config


def user_key(request_envelope, salt: str = "secure-base") -> str:
    user_id = request_envelope.context.system.user.user_id or ""
    return hashlib.sha256(f"{salt}:{user_id}".encode()).hexdigest()


class MemoryAdapter(AbstractPersistenceAdapter):
    def __init__(self, salt: str = "secure-base"):
        self.salt = salt
        self.rows: dict[str, dict] = {}

    def get_attributes(self, request_envelope):
        return json.loads(json.dumps(self.rows.get(user_key(request_envelope, self.salt), {})))

    def save_attributes(self, request_envelope, attributes):
        self.rows[user_key(request_envelope, self.salt)] = json.loads(json.dumps(attributes))

    def delete_attributes(self, request_envelope):
        self.rows.pop(user_key(request_envelope, self.salt), None)


class SqliteAdapter(AbstractPersistenceAdapter):
    """One row per user in a local SQLite file; WAL so several processes can share it."""

    def __init__(self, path: str, salt: str = "secure-base", timeout: float = 2.0):
        self.path = path
        self.salt = salt
        self.timeout = timeout
        self._local = threading.local()
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS users (key TEXT PRIMARY KEY, attributes TEXT NOT NULL,"
                " updated REAL NOT NULL DEFAULT (julianday('now')))"
            )

    def _connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def get_attributes(self, request_envelope):
        row = self._connect().execute(
            "SELECT attributes FROM users WHERE key = ?", (user_key(request_envelope, self.salt),)
        ).fetchone()
        return json.loads(row[0]) if row else {}

    def save_attributes(self, request_envelope, attributes):
        self._connect().execute(
            "INSERT INTO users (key, attributes) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET"
            " attributes = excluded.attributes, updated = julianday('now')",
            (user_key(request_envelope, self.salt), json.dumps(attributes, sort_keys=True)),
        )

    def delete_attributes(self, request_envelope):
        self._connect().execute("DELETE FROM users WHERE key = ?", (user_key(request_envelope, self.salt),))


def make_adapter(config: Config) -> AbstractPersistenceAdapter:
    if config.store == "memory":
        return MemoryAdapter(config.log_salt)
    if config.store == "sqlite":
        return SqliteAdapter(config.sqlite_path, config.log_salt)
    raise ValueError(f"unknown store {config.store!r}")
