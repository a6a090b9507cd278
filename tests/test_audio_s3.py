"""The S3 store against a real S3-compatible server (moto's standalone server on 127.0.0.1), not a patched boto3."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import boto3
import pytest

from servers import free_port
from skill import audio
from skill.config import Config
from test_audio_web import tone_session

BUCKET = "secure-base-audio-test"
FAKE_AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_SESSION_TOKEN": "testing"}


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """moto_server on a free port of 127.0.0.1, for this module."""
    port = free_port()
    log = open(tmp_path_factory.mktemp("moto") / "moto.log", "wb")
    server = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen([str(server), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, **FAKE_AWS}, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"moto_server did not start: {Path(log.name).read_text()[-2000:]}")
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def aws(monkeypatch):
    for key, value in FAKE_AWS.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def bucket(s3_server, aws):
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    try:
        client.create_bucket(Bucket=BUCKET)
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    return client


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as answer:
        return answer.status, dict(answer.headers), answer.read()


def test_a_session_put_in_s3_is_reached_through_a_presigned_url_that_outlives_a_session(s3_server, bucket):
    store = audio.S3Store(BUCKET, endpoint=s3_server, region="us-east-1")
    session = tone_session()
    assert store.get(session.name) is None
    done = store.put(session)
    assert done.fresh and done.path is None and done.duration_s == session.sidecar["duration_s"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(done.url).query)
    assert query["X-Amz-Expires"] == ["86400"] and "X-Amz-Signature" in query
    assert urllib.parse.urlsplit(done.url).path == f"/{BUCKET}/sessions/{session.name}.mp3"
    status, headers, body = fetch(done.url)
    assert status == 200 and body == session.mp3 and {k.lower(): v for k, v in headers.items()}["content-type"] == "audio/mpeg"
    status, headers, body = fetch(done.url, {"Range": "bytes=10-19"})
    assert status == 206 and body == session.mp3[10:20]
    found = store.get(session.name)
    assert found is not None and not found.fresh and found.timeline == session.sidecar["cues"]
    head = bucket.head_object(Bucket=BUCKET, Key=f"sessions/{session.name}.json")
    assert head["ContentType"] == "application/json"


def test_names_that_are_not_session_names_never_reach_s3(s3_server, bucket):
    store = audio.S3Store(BUCKET, endpoint=s3_server, region="us-east-1")
    assert store.get("../other-bucket/key") is None and store.url("A B") is None
    with pytest.raises(ValueError):
        store.key("sessions/../../x")


def test_on_aws_the_url_is_https_on_the_buckets_regional_host(aws):
    for region in ("us-east-1", "eu-west-1"):
        store = audio.S3Store("some-bucket", region=region, url_seconds=3600)
        url = store.url("breathing-0123456789abcdef01234567")
        assert url.startswith(f"https://some-bucket.s3.{region}.amazonaws.com/sessions/breathing-")
        assert "X-Amz-Expires=3600" in url and f"%2F{region}%2Fs3%2F" in url  # signed for that region


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_configured_with_a_bucket_render_stores_in_s3_once(s3_server, bucket, tmp_path):
    config = Config(store="memory", audio_bucket=BUCKET, s3_endpoint=s3_server, phrase_dir=str(tmp_path / "phrases"),
                    audio_url_seconds=7200)
    opts = {"technique": "sigh", "minutes": 1}
    first = audio.render("breathing", opts, "en-US", config=config)
    again = audio.render("breathing", opts, "en-US", config=config)
    assert first.fresh and not again.fresh and again.name == first.name
    assert "X-Amz-Expires=7200" in again.url
    status, _, body = fetch(again.url)
    assert status == 200 and len(body) == first.sidecar["bytes"]
    listed = bucket.list_objects_v2(Bucket=BUCKET, Prefix="sessions/")["Contents"]
    assert {f"sessions/{first.name}.mp3", f"sessions/{first.name}.json"} <= {o["Key"] for o in listed}


def test_phrases_kept_in_s3_spare_a_new_instance_the_tts_calls(s3_server, bucket, tmp_path):
    """A new Lambda instance has an empty /tmp: the phrases come from the bucket, not from Polly again."""
    from skill.audio import renderer, tts
    from test_audio_render import StubPolly

    store = audio.S3Store(BUCKET, endpoint=s3_server, region="us-east-1")
    client = StubPolly()
    polly = tts.engine("polly", locale="en-US", client=client)
    opts = {"technique": "extended_exhale", "minutes": 1}
    first = renderer.build("breathing", opts, "en-US", renderer.Phrases(polly, tmp_path / "one", shelf=store))
    asked = len(client.requests)
    assert first.synthesized == asked > 0
    kept = bucket.list_objects_v2(Bucket=BUCKET, Prefix="phrases/")["Contents"]
    assert len(kept) >= asked and all(o["Key"].endswith(".pcm") for o in kept)
    again = renderer.build("breathing", opts, "en-US", renderer.Phrases(polly, tmp_path / "two", shelf=store))
    assert again.synthesized == 0 and len(client.requests) == asked
    assert again.mp3 == first.mp3
    assert store.get_phrase("not-a-key") is None and store.get_phrase("0" * 32) is None
