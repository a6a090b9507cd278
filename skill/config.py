"""Configuration from the environment, in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


DEVELOPMENT_SALT = "secure-base"  # fixed, public: fine on a laptop, never for real people's ids
MIN_SALT = 32  # template.yaml's HashSalt MinLength


class UnsafeConfig(RuntimeError):
    """A setting that would put people's data at risk: the process refuses to start with it."""


def _on_lambda(env=None) -> bool:
    return bool((os.environ if env is None else env).get("AWS_LAMBDA_FUNCTION_NAME"))


def _data_dir() -> Path:
    if _on_lambda():  # the only writable place there
        return Path("/tmp/secure-base")
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "secure-base"


@dataclass(frozen=True)
class Config:
    store: str = "sqlite"  # "sqlite", "dynamodb" or "memory"
    sqlite_path: str = field(default_factory=lambda: str(_data_dir() / "secure-base.sqlite3"))
    dynamodb_table: str = "SecureBaseUsers"
    dynamodb_endpoint: str | None = None  # a local DynamoDB-compatible server
    dynamodb_region: str | None = None  # defaults to AWS_REGION / AWS_DEFAULT_REGION, then us-east-1
    store_timeout: float = 1.0  # seconds to connect/read the store (one retry): a dead store can't eat Alexa's 8 s
    store_budget: float = 0.4  # seconds a turn may spend on the store, load and save together
    store_retry: float = 1.0  # seconds the store is skipped after a failure (doubling, up to 30 s)
    api_timeout: float = 2.0  # seconds for calls to Alexa's APIs (reminders)
    skill_id: str | None = None  # when set, requests for other skills are refused
    log_salt: str = DEVELOPMENT_SALT  # user ids are stored and logged only as a salted hash
    verify_requests: bool = True
    max_body_bytes: int = 256 * 1024
    # audio (skill.audio): how sessions are spoken and where the rendered MP3s live
    tts: str = "espeak"  # "espeak", "flite" or "polly"
    voice: str | None = None  # the engine's voice (espeak-ng: en-us; Polly: Joanna); None: by locale
    audio_dir: str = field(default_factory=lambda: str(_data_dir() / "audio"))  # rendered sessions (self-hosted)
    phrase_dir: str = field(default_factory=lambda: str(_data_dir() / "phrases"))  # each phrase, synthesized once
    public_url: str | None = None  # base URL of this server; audio is at <public_url>/audio/<name>.mp3
    audio_bucket: str | None = None  # when set, rendered sessions live in this S3 bucket instead
    audio_prefix: str = "sessions/"
    audio_url_seconds: int = 24 * 3600  # how long a presigned S3 URL works: longer than any session
    s3_endpoint: str | None = None  # an S3-compatible server (tests, self-hosted)

    def but(self, **changes) -> "Config":
        return replace(self, **changes)


def _seconds(value: str | None, default: float) -> float:
    try:
        seconds = float(value) if value else default
    except ValueError:
        return default
    return seconds if 0 < seconds <= 5 else default


def from_env(env=None) -> Config:
    env = os.environ if env is None else env
    defaults = Config()
    salt = env.get("SB_LOG_SALT") or defaults.log_salt
    if _on_lambda(env) and (salt == DEVELOPMENT_SALT or len(salt) < MIN_SALT):
        # a known salt makes every stored key and logged hash reversible by anyone with a user id
        raise UnsafeConfig(f"SB_LOG_SALT must be set to a secret of {MIN_SALT}+ characters on Lambda "
                           "(template.yaml HashSalt); refusing to start with the development salt")
    return Config(
        store=env.get("SB_STORE", defaults.store).lower(),
        sqlite_path=env.get("SB_SQLITE_PATH", defaults.sqlite_path),
        dynamodb_table=env.get("SB_DYNAMODB_TABLE", defaults.dynamodb_table),
        dynamodb_endpoint=env.get("SB_DYNAMODB_ENDPOINT") or None,
        dynamodb_region=env.get("SB_DYNAMODB_REGION") or None,
        store_timeout=_seconds(env.get("SB_STORE_TIMEOUT"), defaults.store_timeout),
        api_timeout=_seconds(env.get("SB_API_TIMEOUT"), defaults.api_timeout),
        store_budget=_seconds(env.get("SB_STORE_BUDGET"), defaults.store_budget),
        store_retry=_seconds(env.get("SB_STORE_RETRY"), defaults.store_retry),
        skill_id=env.get("SB_SKILL_ID") or None,
        log_salt=salt,
        verify_requests=env.get("SB_VERIFY", "1") not in ("0", "false", "no"),
        tts=(env.get("SB_TTS") or defaults.tts).lower(),
        voice=env.get("SB_VOICE") or None,
        audio_dir=env.get("SB_AUDIO_DIR") or defaults.audio_dir,
        phrase_dir=env.get("SB_PHRASE_DIR") or defaults.phrase_dir,
        public_url=(env.get("SB_PUBLIC_URL") or "").rstrip("/") or None,
        audio_bucket=env.get("SB_AUDIO_BUCKET") or None,
        audio_prefix=env.get("SB_AUDIO_PREFIX", defaults.audio_prefix),
        audio_url_seconds=_whole(env.get("SB_AUDIO_URL_SECONDS"), defaults.audio_url_seconds, 60, 7 * 24 * 3600),
        s3_endpoint=env.get("SB_S3_ENDPOINT") or None,
    )


def _whole(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value) if value else default
    except ValueError:
        return default
    return number if low <= number <= high else default
