"""Where rendered sessions live, and the URL AudioPlayer streams them from.

Both stores keep two objects per session: ``<name>.mp3`` and ``<name>.json`` (the sidecar
timeline). The sidecar is written last, so a session whose sidecar is there is complete.

- ``LocalStore``: a folder; the Flask app serves it at ``GET /audio/<name>.mp3`` (range
  requests included), so the URL is ``<SB_PUBLIC_URL>/audio/<name>.mp3``.
- ``S3Store``: a private bucket; the URL is a presigned HTTPS GET that works for
  ``SB_AUDIO_URL_SECONDS`` (24 h by default: longer than any session, paused overnight included).
  Presigned URLs are made without a network call, so ask for a fresh one at each Play: a URL signed
  with a Lambda's temporary credentials stops working when those credentials expire.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Protocol

from .renderer import Audio, Rendered

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


def valid_name(name: object) -> bool:
    return isinstance(name, str) and bool(NAME.match(name))


def _rendered(name: str, sidecar: dict, url: str | None, path: Path | None, fresh: bool) -> Rendered:
    return Rendered(name=name, url=url, path=path, duration_s=float(sidecar.get("duration_s", 0.0)),
                    timeline=list(sidecar.get("cues", [])), sidecar=sidecar, fresh=fresh)


class Store(Protocol):
    def get(self, name: str) -> Rendered | None: ...

    def put(self, audio: Audio) -> Rendered: ...

    def url(self, name: str) -> str | None: ...


class LocalStore:
    def __init__(self, directory: str | os.PathLike, public_url: str | None = None):
        self.directory = Path(directory)
        self.public_url = public_url.rstrip("/") if public_url else None

    def path(self, name: str, suffix: str = ".mp3") -> Path:
        if not valid_name(name):
            raise ValueError("not a session name")
        return self.directory / f"{name}{suffix}"

    def url(self, name: str) -> str | None:
        return f"{self.public_url}/audio/{name}.mp3" if self.public_url and valid_name(name) else None

    def get(self, name: str) -> Rendered | None:
        if not valid_name(name):
            return None
        mp3, meta = self.path(name), self.path(name, ".json")
        if not (mp3.is_file() and meta.is_file()):
            return None
        try:
            sidecar = json.loads(meta.read_text("utf-8"))
        except ValueError:
            return None
        return _rendered(name, sidecar, self.url(name), mp3, False)

    def put(self, audio: Audio) -> Rendered:
        self.directory.mkdir(parents=True, exist_ok=True)
        _atomic_write(self.path(audio.name), audio.mp3)
        _atomic_write(self.path(audio.name, ".json"), json.dumps(audio.sidecar, indent=1).encode("utf-8"))
        return _rendered(audio.name, audio.sidecar, self.url(audio.name), self.path(audio.name), True)


def _atomic_write(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


class S3Store:
    def __init__(self, bucket: str, *, prefix: str = "sessions/", client=None, url_seconds: int = 24 * 3600,
                 endpoint: str | None = None, region: str | None = None, phrase_prefix: str = "phrases/"):
        self.bucket = bucket
        self.prefix = prefix
        self.phrase_prefix = phrase_prefix
        self.url_seconds = url_seconds
        if client is None:
            import boto3
            from botocore.config import Config as BotoConfig

            region = region or boto3.session.Session().region_name or "us-east-1"
            style = {}
            if endpoint is None:
                # the bucket's regional host, so a presigned URL is never redirected (a redirect to
                # another host would break its signature): https://<bucket>.s3.<region>.amazonaws.com/...
                endpoint = f"https://s3.{region}.amazonaws.com"
                style = {"s3": {"addressing_style": "virtual"}}
            client = boto3.client("s3", endpoint_url=endpoint, region_name=region,
                                  config=BotoConfig(signature_version="s3v4", connect_timeout=2, read_timeout=5,
                                                    retries={"max_attempts": 2}, **style))
        self.client = client

    def key(self, name: str, suffix: str = ".mp3") -> str:
        if not valid_name(name):
            raise ValueError("not a session name")
        return f"{self.prefix}{name}{suffix}"

    def url(self, name: str) -> str | None:
        if not valid_name(name):
            return None
        return self.client.generate_presigned_url("get_object", Params={"Bucket": self.bucket, "Key": self.key(name)},
                                                  ExpiresIn=self.url_seconds)

    def get(self, name: str) -> Rendered | None:
        if not valid_name(name):
            return None
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(name, ".json"))
            sidecar = json.loads(answer["Body"].read())
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return None  # not rendered yet
            raise
        except ValueError:
            return None
        return _rendered(name, sidecar, self.url(name), None, False)

    def put(self, audio: Audio) -> Rendered:
        self.client.put_object(Bucket=self.bucket, Key=self.key(audio.name), Body=audio.mp3, ContentType="audio/mpeg",
                               CacheControl="private, max-age=86400")
        self.client.put_object(Bucket=self.bucket, Key=self.key(audio.name, ".json"),
                               Body=json.dumps(audio.sidecar).encode("utf-8"), ContentType="application/json")
        return _rendered(audio.name, audio.sidecar, self.url(audio.name), None, True)

    # phrases (skill.audio.renderer.Phrases' shelf): each synthesized phrase as raw PCM, so a new
    # Lambda instance does not pay Polly for it again

    def get_phrase(self, key: str) -> bytes | None:
        from botocore.exceptions import BotoCoreError, ClientError

        if not re.match(r"^[0-9a-f]{32}$", key):
            return None
        try:
            return self.client.get_object(Bucket=self.bucket, Key=f"{self.phrase_prefix}{key}.pcm")["Body"].read()
        except (ClientError, BotoCoreError):
            return None  # missing or unreachable: synthesize it instead

    def put_phrase(self, key: str, pcm: bytes) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_object(Bucket=self.bucket, Key=f"{self.phrase_prefix}{key}.pcm", Body=pcm,
                                   ContentType="application/octet-stream")
        except (ClientError, BotoCoreError):
            pass  # only a cache
