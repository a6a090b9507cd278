"""Where preferences and progress live, behind ask-sdk-core's AbstractPersistenceAdapter.

Keys are a salted hash of the Alexa user id, never the id itself.

Two real stores, chosen by ``config.store``:

- ``sqlite`` (the embedded default): one row per user in a local file, WAL and a busy
  timeout so several worker processes can share it.
- ``dynamodb``: ask-sdk-dynamodb-persistence-adapter (boto3 and the adapter are imported
  only when this store is configured), short timeouts so a dead store cannot eat Alexa's
  eight seconds, floats stored as Decimal and read back as int/float.

Neither store loses another worker's update. ``get_attributes`` hands out a `Record`: a dict
that remembers what was loaded. ``save_attributes`` turns the difference between what was
loaded and what the turn left into a patch (set these leaves, delete those, add to these
counters) and applies that patch to the record as it is *now* in the store: inside one
``BEGIN IMMEDIATE`` transaction for SQLite; for DynamoDB as one UpdateItem naming exactly the
changed paths (the server merges), falling back to a put guarded by a revision number
(compare-and-swap, re-read and retry) when a map on the way does not exist yet. A turn that
changed nothing writes nothing. A plain dict (not a Record) replaces the whole record, as the
SDK's adapters do.

Every store is reached through `Guarded` (see make_adapter): a turn spends at most
``config.store_budget`` seconds on the store, load and save together, and after a failure a
circuit breaker skips the store for a short, growing while (``config.store_retry`` seconds,
doubling up to RETRY_LONGEST) instead of waiting for it on every turn; one turn at a time then
probes it. What a turn could not save rides in the session (skill/profile.py).

SQLite's write-ahead log is kept small (journal_size_limit, frequent automatic checkpoints, a
truncating checkpoint every CHECKPOINT_EVERY saves and after a failed one), so a small disk is
not filled by the log alone.

DynamoDB item layout (table from config, string hash key ``id``): ``id`` = the salted hash,
``attributes`` = the persistent attributes (numbers as Decimal), ``rev`` = a revision number.
"""
from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import queue
import random
import threading
import time
import weakref
from pathlib import Path
from typing import Any, Iterable

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from . import digest
from .config import Config

log = logging.getLogger("secure_base")

# Counters that concurrent turns add to rather than overwrite (completions per family).
ADDITIVE: tuple[tuple[str, ...], ...] = (("progress", "done"),)

_DELETE = object()
DELETE = _DELETE  # for code that builds patches (skill/profile.py)


RETRY_LONGEST = 30.0  # seconds: the longest the breaker keeps the store skipped
STORE_WORKERS = 16  # store calls in flight per process, abandoned (hung) ones included
WORKER_IDLE_SECONDS = 5.0  # a store worker with nothing to do for this long leaves (started again when needed)
WAL_LIMIT_BYTES = 512 * 1024  # what the SQLite log is truncated to after a checkpoint
WAL_AUTOCHECKPOINT_PAGES = 64  # checkpoint after this many pages (SQLite's default is 1,000: 4 MiB)
CHECKPOINT_EVERY = 200  # saves between truncating checkpoints
FLUSH_PATIENCE = 60.0  # seconds a session's last unsaved changes are retried in the background
FLUSH_QUEUE = 1000  # such changes waiting at once, per process


class StoreSkipped(PersistenceException):
    """The store was not asked: its breaker is open, or this turn's budget is spent."""


class StoreTimeout(PersistenceException):
    """The store did not answer within this turn's budget (the call may still finish, unseen)."""


def hash_user_id(user_id: str | None, salt: str = "secure-base") -> str:
    # surrogatepass: valid ids hash as before; one holding a lone surrogate (tampered) still hashes
    return digest.sha256_hex(f"{salt}:{user_id or ''}".encode("utf-8", "surrogatepass"))


def user_key(request_envelope, salt: str = "secure-base") -> str:
    try:
        user_id = request_envelope.context.system.user.user_id
    except AttributeError:
        user_id = None
    return hash_user_id(user_id, salt)


def _copy(value: Any) -> Any:
    """A deep copy of stored attributes, which are plain data (dicts, lists and immutable leaves).

    By hand: copy.deepcopy's memo and dispatch make it three times slower, and a turn copies
    the record three times.
    """
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


class Record(dict):
    """Persistent attributes as loaded, remembering the loaded copy (and its revision).

    `base` is never changed in place, so it may be shared: `owned` data (just parsed, no one else
    holds it) becomes the record itself, `frozen` data (a memory store's row, replaced on save,
    never changed) becomes the base; otherwise both are copies. One copy a read, not two.
    """

    def __init__(self, data: dict | None = None, *, rev: int = 0, exists: bool = False,
                 owned: bool = False, frozen: bool = False):
        data = data or {}
        super().__init__(data if owned else _copy(data))
        self.base = data if frozen else _copy(data)
        self.rev = rev
        self.exists = exists  # the store already holds a record for this user

    def changes(self) -> list[tuple]:
        return diff(self.base, self)

    def rebase(self, stored: dict, rev: int) -> None:
        """After a save: what the store now holds (a fresh object no one changes) is the new base."""
        self.base = stored
        self.rev = rev
        self.exists = True


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _additive(path: tuple) -> bool:
    return any(path[: len(prefix)] == prefix and len(path) > len(prefix) for prefix in ADDITIVE)


def diff(base: dict, new: dict, path: tuple = (), counter=None) -> list[tuple]:
    """The patch that turns ``base`` into ``new``: (path, value | _DELETE), or (path, "add", n) for counters.

    ``counter(path)`` says which integer leaves are counters (default: ADDITIVE).
    """
    counter = counter or _additive
    ops: list[tuple] = []
    for key in base:
        if key not in new:
            ops.append((path + (key,), _DELETE))
    for key, value in new.items():
        here = path + (key,)
        old = base.get(key, _DELETE)
        if isinstance(value, dict):  # leaf by leaf, so keys others added beside these survive
            if (old is not _DELETE and not isinstance(old, dict)) or (old is _DELETE and not value):
                ops.append((here, {}))
            ops.extend(diff(old if isinstance(old, dict) else {}, value, here, counter))
        elif _same(old, value):
            continue
        elif counter(here) and type(value) is int and (old is _DELETE or type(old) is int):
            ops.append((here, "add", value - (0 if old is _DELETE else old)))
        else:
            ops.append((here, copy.deepcopy(value)))
    return ops


def apply(record: dict, ops: Iterable[tuple]) -> dict:
    """Apply a patch to (a copy of) ``record``; the root path () replaces everything."""
    result = _copy(record) if isinstance(record, dict) else {}
    for op in ops:
        path = op[0]
        if not path:
            result = copy.deepcopy(op[1])
            continue
        node = result
        for key in path[:-1]:
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
            node = child
        leaf = path[-1]
        if len(op) == 3:  # add to a counter
            current = node.get(leaf)
            node[leaf] = (current if type(current) is int else 0) + op[2]
        elif op[1] is _DELETE:
            node.pop(leaf, None)
        else:
            node[leaf] = copy.deepcopy(op[1])
    return result


def patch_for(attributes: dict) -> list[tuple]:
    if isinstance(attributes, Record):
        return attributes.changes()
    return [((), dict(attributes))]


def _updatable(ops: list[tuple]) -> bool:
    """A patch one UpdateItem can apply: no whole-record replacement, no path inside another."""
    paths = [op[0] for op in ops]
    if any(not path for path in paths):
        return False
    ordered = sorted(paths)
    return all(later[: len(earlier)] != earlier for earlier, later in zip(ordered, ordered[1:]))


def _code(exc) -> str:
    return (getattr(exc, "response", None) or {}).get("Error", {}).get("Code", "")


def _rebase(attributes: dict, stored: dict, rev: int) -> None:
    if isinstance(attributes, Record):
        attributes.rebase(stored, rev)


class MemoryAdapter(AbstractPersistenceAdapter):
    """In-process store for tests and throwaway runs."""

    def __init__(self, salt: str = "secure-base"):
        self.salt = salt
        self.rows: dict[str, dict] = {}
        self._lock = threading.Lock()

    def get_attributes(self, request_envelope):
        return Record(self.rows.get(user_key(request_envelope, self.salt), {}), frozen=True)

    def save_attributes(self, request_envelope, attributes):
        ops = patch_for(attributes)
        if not ops:
            return
        key = user_key(request_envelope, self.salt)
        with self._lock:
            self.rows[key] = apply(self.rows.get(key, {}), ops)
            _rebase(attributes, self.rows[key], 0)

    def delete_attributes(self, request_envelope):
        self.rows.pop(user_key(request_envelope, self.salt), None)


class SqliteAdapter(AbstractPersistenceAdapter):
    """One row per user in a local SQLite file, shared safely by several processes."""

    def __init__(self, path: str, salt: str = "secure-base", timeout: float = 1.5):
        self.path = str(path)
        self.salt = salt
        self.timeout = timeout
        self._local = threading.local()
        self._ready = False
        self._saves = 0
        try:
            self._prepare()
        except Exception as exc:  # unwritable or locked now: the skill still answers; retry on use
            log.warning("sqlite store not ready: %s", type(exc).__name__)

    def _prepare(self) -> sqlite3.Connection:
        conn = self._connect()
        if not self._ready:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS users (key TEXT PRIMARY KEY, attributes TEXT NOT NULL,"
                " updated REAL NOT NULL DEFAULT (julianday('now')))"
            )
            self._ready = True
        return conn

    def _connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            import sqlite3  # here: the memory and DynamoDB stores never load it

            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            conn.execute("PRAGMA synchronous=NORMAL")
            # a bounded log: checkpoint often, and truncate the file back after each checkpoint
            conn.execute(f"PRAGMA journal_size_limit={WAL_LIMIT_BYTES}")
            conn.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _forget_connection(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def get_attributes(self, request_envelope):
        try:
            row = self._prepare().execute(
                "SELECT attributes FROM users WHERE key = ?", (user_key(request_envelope, self.salt),)
            ).fetchone()
            return Record(json.loads(row[0]) if row else {}, owned=True)
        except Exception as exc:
            self._forget_connection()
            raise PersistenceException(f"sqlite read failed: {type(exc).__name__}") from exc

    def save_attributes(self, request_envelope, attributes):
        ops = patch_for(attributes)
        if not ops:
            return
        key = user_key(request_envelope, self.salt)
        try:
            conn = self._prepare()
            conn.execute("BEGIN IMMEDIATE")  # take the write lock before reading: no lost updates
            try:
                row = conn.execute("SELECT attributes FROM users WHERE key = ?", (key,)).fetchone()
                merged = apply(json.loads(row[0]) if row else {}, ops)
                conn.execute(
                    "INSERT INTO users (key, attributes) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET"
                    " attributes = excluded.attributes, updated = julianday('now')",
                    (key, json.dumps(merged, sort_keys=True)),
                )
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")
                raise
        except Exception as exc:
            self._forget_connection()
            self._checkpoint()  # a full disk: what the log holds may be all the room there is
            raise PersistenceException(f"sqlite save failed: {type(exc).__name__}") from exc
        _rebase(attributes, merged, 0)
        self._saves += 1
        if self._saves % CHECKPOINT_EVERY == 0:
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the log into the database and truncate it (best effort: readers may hold it back)."""
        try:
            self._connect().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception:
            self._forget_connection()

    def delete_attributes(self, request_envelope):
        try:
            self._prepare().execute("DELETE FROM users WHERE key = ?", (user_key(request_envelope, self.salt),))
        except Exception as exc:
            self._forget_connection()
            raise PersistenceException(f"sqlite delete failed: {type(exc).__name__}") from exc


# --- DynamoDB ---------------------------------------------------------------------------

def to_dynamo(value: Any) -> Any:
    """DynamoDB takes no floats: numbers go in as int or Decimal."""
    from decimal import Decimal  # here: only the DynamoDB store needs it

    if isinstance(value, bool) or value is None or isinstance(value, (int, str, Decimal)):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {str(k): to_dynamo(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_dynamo(v) for v in value]
    raise TypeError(f"cannot store {type(value).__name__}")


def from_dynamo(value: Any) -> Any:
    """Decimals come back as int when whole, float otherwise."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: from_dynamo(v) for k, v in value.items()}
    if isinstance(value, (list, set, tuple)):
        return [from_dynamo(v) for v in value]
    return value


_dynamo_class = None


def _dynamodb_adapter_class():
    """Build the DynamoDB adapter class on first use: boto3 and the SDK adapter load only here."""
    global _dynamo_class
    if _dynamo_class is not None:
        return _dynamo_class
    if not (os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")):
        # the SDK adapter builds a default boto3 resource at import, which needs a region
        os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter
    from boto3.dynamodb.conditions import Attr
    from botocore.exceptions import ClientError

    class DynamoStore(DynamoDbAdapter):
        """The SDK's DynamoDB adapter, keyed by the salted hash, saving only this turn's changes.

        A save is one UpdateItem that sets, removes or adds to exactly the paths that changed, so
        concurrent turns touching different keys merge on the server. When a map on the way does
        not exist yet (a first save, a new section), it falls back to a whole-item put guarded by
        a revision number (compare-and-swap), re-reading and merging on conflict.
        """

        revision_name = "rev"
        attempts = 10  # conflicts are rare (one person, one device); retries back off, about 1 s at most

        def get_attributes(self, request_envelope):
            try:
                stored, rev, exists = self._read(self.partition_keygen(request_envelope))
            except Exception as exc:
                raise PersistenceException(f"dynamodb read failed: {type(exc).__name__}") from exc
            return Record(stored, rev=rev, exists=exists, owned=True)

        def _read(self, key: str) -> tuple[dict, int, bool]:
            item = self.dynamodb.Table(self.table_name).get_item(
                Key={self.partition_key_name: key}, ConsistentRead=True).get("Item")
            if not item:
                return {}, 0, False
            stored = from_dynamo(item.get(self.attribute_name) or {})
            rev = from_dynamo(item.get(self.revision_name, 0))
            return (stored if isinstance(stored, dict) else {}), (rev if type(rev) is int else 0), True

        def _update(self, table, key: str, ops: list[tuple]) -> tuple[dict, int]:
            """One UpdateItem for the whole patch; raises ClientError if a parent map is missing."""
            names: dict[str, str] = {"#attrs": self.attribute_name, "#rev": self.revision_name}
            values: dict[str, Any] = {":zero": 0, ":one": 1}
            sets, removes = ["#rev = if_not_exists(#rev, :zero) + :one"], []
            for n, op in enumerate(ops):
                parts = ["#attrs"]
                for segment in op[0]:
                    alias = f"#k{len(names)}"
                    names[alias] = segment
                    parts.append(alias)
                path = ".".join(parts)
                if len(op) == 3:
                    values[f":v{n}"] = op[2]
                    sets.append(f"{path} = if_not_exists({path}, :zero) + :v{n}")
                elif op[1] is _DELETE:
                    removes.append(path)
                else:
                    values[f":v{n}"] = to_dynamo(op[1])
                    sets.append(f"{path} = :v{n}")
            expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
            item = table.update_item(
                Key={self.partition_key_name: key}, UpdateExpression=expression,
                ConditionExpression=Attr(self.attribute_name).exists(),
                ExpressionAttributeNames=names, ExpressionAttributeValues=values, ReturnValues="ALL_NEW",
            )["Attributes"]
            return from_dynamo(item.get(self.attribute_name) or {}), from_dynamo(item[self.revision_name])

        def save_attributes(self, request_envelope, attributes):
            ops = patch_for(attributes)
            if not ops:
                return
            key = self.partition_keygen(request_envelope)
            table = self.dynamodb.Table(self.table_name)
            try:
                if isinstance(attributes, Record):
                    current, rev, exists = attributes.base, attributes.rev, attributes.exists
                else:  # a plain dict replaces whatever is there
                    current, rev, exists = self._read(key)
                for attempt in range(self.attempts):
                    if attempt:
                        time.sleep(random.uniform(0, min(0.2, 0.005 * 2 ** attempt)))
                    if exists and _updatable(ops):
                        try:
                            return _rebase(attributes, *self._update(table, key, ops))
                        except ClientError as exc:  # a map on the way is missing, or the item went
                            if _code(exc) not in ("ValidationException", "ConditionalCheckFailedException"):
                                raise
                    merged = apply(current, ops)
                    item = {self.partition_key_name: key, self.attribute_name: to_dynamo(merged),
                            self.revision_name: rev + 1}
                    condition = (Attr(self.revision_name).not_exists() if rev == 0
                                 else Attr(self.revision_name).eq(rev))
                    try:
                        table.put_item(Item=item, ConditionExpression=condition)
                        return _rebase(attributes, merged, rev + 1)
                    except ClientError as exc:
                        if _code(exc) != "ConditionalCheckFailedException":
                            raise
                    current, rev, exists = self._read(key)  # someone else saved first: merge onto theirs
                raise RuntimeError("too many concurrent saves")
            except Exception as exc:
                raise PersistenceException(f"dynamodb save failed: {type(exc).__name__}") from exc

        def delete_attributes(self, request_envelope):
            try:
                self.dynamodb.Table(self.table_name).delete_item(
                    Key={self.partition_key_name: self.partition_keygen(request_envelope)})
            except Exception as exc:
                raise PersistenceException(f"dynamodb delete failed: {type(exc).__name__}") from exc

    _dynamo_class = DynamoStore
    return DynamoStore


def dynamodb_resource(config: Config):
    """A boto3 DynamoDB resource with short timeouts and one retry."""
    import boto3
    from botocore.config import Config as BotoConfig

    boto_config = BotoConfig(
        connect_timeout=config.store_timeout,
        read_timeout=config.store_timeout,
        retries={"total_max_attempts": 2, "mode": "standard"},
    )
    kwargs: dict = {"config": boto_config}
    region = config.dynamodb_region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    kwargs["region_name"] = region
    if config.dynamodb_endpoint:
        kwargs["endpoint_url"] = config.dynamodb_endpoint
        if not (os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE")):
            # a local DynamoDB-compatible server accepts any credentials
            kwargs.update(aws_access_key_id="local", aws_secret_access_key="local")
    return boto3.session.Session().resource("dynamodb", **kwargs)


def make_dynamodb_adapter(config: Config) -> AbstractPersistenceAdapter:
    store_class = _dynamodb_adapter_class()
    salt = config.log_salt
    return store_class(
        table_name=config.dynamodb_table,
        partition_key_name="id",
        attribute_name="attributes",
        create_table=False,
        partition_keygen=lambda request_envelope: user_key(request_envelope, salt),
        dynamodb_resource=dynamodb_resource(config),
    )


# --- the budget and the breaker ----------------------------------------------------------

class Breaker:
    """After a failure, skip the store for ``first`` seconds, doubling per failed probe up to ``longest``.

    While open, calls are refused at once; when the wait is over, one call at a time probes the store.
    ``first=0`` never skips (every turn tries the store). Only a failure while closed, or of the
    probe, opens it further: calls that started before it opened and fail late do not escalate it.
    """

    def __init__(self, first: float = 1.0, longest: float = RETRY_LONGEST, clock=time.monotonic):
        self.first, self.longest, self.clock = first, longest, clock
        self.failures = 0
        self._until = 0.0
        self._probing = False
        self._lock = threading.Lock()

    def allow(self) -> str | None:
        """None: skip the store. Else a ticket for failed(): "closed", or "probe"."""
        with self._lock:
            if self.failures == 0 or self.first <= 0:
                return "closed"
            if self._probing or self.clock() < self._until:
                return None
            self._probing = True
            return "probe"

    def succeeded(self) -> bool:
        """True if this closed an open breaker."""
        with self._lock:
            was_open, self.failures, self._probing = self.failures > 0, 0, False
            return was_open

    def failed(self, ticket: str = "probe") -> float:
        """Open (or keep open) the breaker; the seconds the store will now be skipped."""
        with self._lock:
            if ticket == "closed" and self.failures > 0:  # a straggler from before it opened
                return max(0.0, self._until - self.clock())
            self.failures += 1
            self._probing = False
            wait = min(self.longest, self.first * 2 ** (self.failures - 1)) if self.first > 0 else 0.0
            self._until = self.clock() + wait
            return wait


class _Workers:
    """A few daemon threads that make store calls, so a turn can stop waiting for one.

    At most ``size`` calls are in flight, abandoned ones included: when a hung store holds them
    all, further calls are refused at once instead of piling up threads. A thread idle for
    ``idle`` seconds ends and is started again when needed, so skills built and dropped (tests, a
    reloaded worker) leave no threads behind.
    """

    def __init__(self, size: int = STORE_WORKERS, idle: float = WORKER_IDLE_SECONDS):
        self.size = size
        self.idle = idle
        self._pid = None
        self._alive = 0
        self._lock = threading.Lock()

    def _ready(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            # first use, or a forked worker process: threads do not survive a fork
            self._jobs: queue.SimpleQueue = queue.SimpleQueue()
            self._free = threading.BoundedSemaphore(self.size)
            self._alive = 0
            self._pid = os.getpid()

    def _submit(self, job) -> None:
        """Queue a call, first starting the workers that left while idle (under the lock they leave by)."""
        with self._lock:
            for n in range(self._alive, self.size):
                threading.Thread(target=self._loop, args=(self._jobs, self._free), name=f"sb-store-{n}",
                                 daemon=True).start()
            self._alive = self.size
            self._jobs.put(job)

    def _loop(self, jobs, free) -> None:
        while True:
            try:
                fn, box, done, late = jobs.get(timeout=self.idle)
            except queue.Empty:
                # idle: leave, so that stores nobody uses any more (a test's, a reloaded app's) hold no threads
                with self._lock:
                    if jobs is not self._jobs or jobs.empty():
                        if jobs is self._jobs:
                            self._alive -= 1
                        return
                continue
            try:
                box["value"] = fn()
            except BaseException as exc:  # handed to the waiting turn, if it still waits
                box["error"] = exc
            finally:
                free.release()
                with box["lock"]:
                    done.set()
                    abandoned = box.get("abandoned")
            if abandoned and late is not None:  # the turn stopped waiting: tell someone how it ended
                try:
                    late(box.get("error"))
                except Exception:
                    pass

    def run(self, fn, timeout: float, late=None):
        """fn() on a worker thread, waited for at most ``timeout`` seconds (a free worker included).

        If the wait is given up, fn still runs to its end; ``late(error or None)`` then hears how it ended.
        """
        self._ready()
        started = time.monotonic()
        if not self._free.acquire(timeout=max(0.0, timeout)):  # every worker busy: not the store's fault, yet
            raise StoreSkipped("store skipped: every store call in flight is still waiting")
        timeout -= time.monotonic() - started
        box: dict = {"lock": threading.Lock()}
        done = threading.Event()
        self._submit((fn, box, done, late))
        if not done.wait(max(0.0, timeout)):
            with box["lock"]:
                if not done.is_set():
                    box["abandoned"] = True
                    raise StoreTimeout("store did not answer within the turn's budget")
        if "error" in box:
            raise box["error"]
        return box.get("value")


class Guarded(AbstractPersistenceAdapter):
    """Any store, within a per-turn time budget (load and save together) and behind a breaker.

    The turn is recognised by its request envelope (load and save get the same object).
    """

    def __init__(self, inner: AbstractPersistenceAdapter, *, budget: float = 0.4, retry: float = 1.0,
                 breaker: Breaker | None = None, workers: int = STORE_WORKERS, patience: float = FLUSH_PATIENCE):
        self.inner = inner
        self.budget = budget
        self.breaker = breaker or Breaker(first=retry)
        self.patience = patience
        self._workers = _Workers(workers)
        self._turn = threading.local()
        self._later_pid = None
        self._later_lock = threading.Lock()
        self._sending: set = set()  # sync tokens of saves still running after their turn gave up

    def still_sending(self, token) -> bool:
        """A save (named by its record's sync token) that outlived its turn is still running here."""
        with self._later_lock:
            return token in self._sending

    def _spent(self, envelope) -> float:
        turn = getattr(self._turn, "envelope", None)
        if turn is None or turn() is not envelope:
            self._turn.envelope, self._turn.spent = weakref.ref(envelope), 0.0
        return self._turn.spent

    def _call(self, envelope, fn, late=None):
        left = self.budget - self._spent(envelope)
        if left <= 0.005:
            raise StoreSkipped("store skipped: this turn's budget is spent")
        ticket = self.breaker.allow()
        if ticket is None:
            raise StoreSkipped("store skipped: breaker open after a recent failure")
        if ticket == "probe":  # a store that has been failing gets a shorter leash
            left = min(left, self.budget / 2)
        started = time.monotonic()
        try:
            result = self._workers.run(fn, left, late)
        except StoreSkipped:
            if ticket == "probe":
                self.breaker.failed(ticket)
            raise
        except Exception as exc:
            failures = self.breaker.failures
            wait = self.breaker.failed(ticket)
            if failures == self.breaker.failures:  # a straggler: the outage is already known
                raise exc if isinstance(exc, PersistenceException) else PersistenceException(type(exc).__name__) from exc
            if self.breaker.failures == 1:
                log.warning("store unavailable (%s); skipping it for %.1f s, then trying again",
                            type(exc.__cause__ or exc).__name__, wait)
            else:
                log.info("store still unavailable (%s); skipping it for %.1f s", type(exc.__cause__ or exc).__name__, wait)
            raise exc if isinstance(exc, PersistenceException) else PersistenceException(type(exc).__name__) from exc
        finally:
            self._turn.spent += time.monotonic() - started
        if self.breaker.succeeded():
            log.info("store answering again")
        return result

    def get_attributes(self, request_envelope):
        return self._call(request_envelope, lambda: self.inner.get_attributes(request_envelope))

    # --- after the session: its last unsaved changes, retried in the background ---------------

    def later(self, write, gave_up, *, after: str | None = None) -> None:
        """Run ``write(store)`` in the background until it succeeds, as the breaker allows, for up to
        ``patience`` seconds; else (or if too much is waiting already) call ``gave_up()``. With
        ``after`` (a save's sync token), not before that save, if still running here, has ended.

        For a session that ended with changes unsaved: no one waits for this, so it may take the
        store's own timeouts, and it probes a store that has been failing before any person does.
        """
        with self._later_lock:
            if self._later_pid != os.getpid():  # first use, or a forked worker: threads do not survive a fork
                self._later = queue.Queue(maxsize=FLUSH_QUEUE)
                threading.Thread(target=self._flush, args=(self._later,), name="sb-store-later", daemon=True).start()
                self._later_pid = os.getpid()
                if not getattr(self, "_atexit", False):
                    import atexit

                    atexit.register(self._abandon)
                    self._atexit = True
        try:
            self._later.put_nowait((write, gave_up, time.monotonic() + self.patience, after))
        except queue.Full:
            gave_up()

    def _flush(self, jobs: queue.Queue) -> None:
        while True:
            write, gave_up, deadline, after = jobs.get()
            while True:
                if time.monotonic() > deadline:
                    _quietly(gave_up)
                    break
                if after is not None and self.still_sending(after):
                    time.sleep(0.05)
                    continue
                ticket = self.breaker.allow()
                if ticket is None:
                    time.sleep(0.1)
                    continue
                try:
                    write(self.inner)
                except Exception:
                    self.breaker.failed(ticket)
                    time.sleep(0.1)
                    continue
                if self.breaker.succeeded():
                    log.info("store answering again")
                log.info("saved a session's last changes after it ended")
                break
            jobs.task_done()

    def _abandon(self) -> None:
        """At exit: what is still waiting is lost, and said so."""
        jobs = getattr(self, "_later", None)
        while jobs is not None and self._later_pid == os.getpid():
            try:
                _write, gave_up, _deadline, _after = jobs.get_nowait()
            except queue.Empty:
                break
            _quietly(gave_up)

    def save_attributes(self, request_envelope, attributes):
        changes = len(attributes.changes()) if isinstance(attributes, Record) else 1
        tokens = attributes.get("sync") if isinstance(attributes, dict) else None  # see skill/profile.py
        token = tokens[-1] if isinstance(tokens, list) and tokens and isinstance(tokens[-1], str) else None

        def run():
            if token is not None:
                with self._later_lock:
                    self._sending.add(token)
            try:
                return self.inner.save_attributes(request_envelope, attributes)
            finally:
                if token is not None:
                    with self._later_lock:
                        self._sending.discard(token)

        def late(error):  # the turn gave up waiting; the session carries these changes, marked as sent
            if error is None:
                log.info("a save that outlived its turn landed")
            else:  # not lost: the session's next turn, or the retry after it, merges them again
                log.info("a save that outlived its turn failed (%s): changes=%d, still carried",
                         type(error.__cause__ or error).__name__, changes)

        return self._call(request_envelope, run, late)

    def delete_attributes(self, request_envelope):
        return self._call(request_envelope, lambda: self.inner.delete_attributes(request_envelope))


def _quietly(fn) -> None:
    try:
        fn()
    except Exception:
        pass


def make_store(config: Config) -> AbstractPersistenceAdapter:
    """The configured store itself, without the budget and breaker."""
    if config.store == "memory":
        return MemoryAdapter(config.log_salt)
    if config.store == "sqlite":
        return SqliteAdapter(config.sqlite_path, config.log_salt, timeout=max(config.store_timeout, 0.5))
    if config.store == "dynamodb":
        return make_dynamodb_adapter(config)
    raise ValueError(f"unknown store {config.store!r}")


def make_adapter(config: Config) -> AbstractPersistenceAdapter:
    """The configured store, within the per-turn budget and behind the breaker.

    Not the in-process memory store: a dict cannot hang or fail, and a hop to a worker thread and
    back would be most of a warm turn's cost.
    """
    store = make_store(config)
    if isinstance(store, MemoryAdapter):
        return store
    return Guarded(store, budget=config.store_budget, retry=config.store_retry)
