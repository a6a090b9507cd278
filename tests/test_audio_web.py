"""Self-hosted audio: the Flask app serves rendered sessions at /audio/<name>.mp3, with range requests."""
from __future__ import annotations

import array
import json
import math
import shutil
import urllib.request

import miniaudio
import pytest

from servers import SkillServer
from skill import audio, web
from skill.audio import renderer
from skill.config import Config

PUBLIC = "https://sb.example.test"


def tone_session(name: str = "breathing-0123456789abcdef01234567", seconds: float = 3.0) -> renderer.Audio:
    """A small stored session without any TTS: a tone, then silence."""
    rate = 22050
    samples = array.array("h", bytes(2 * int(rate * seconds)))
    for i in range(rate // 2):
        samples[i] = int(8000 * math.sin(2 * math.pi * 440 * i / rate))
    mp3 = renderer.encode_mp3(samples.tobytes(), rate)
    sidecar = {"name": name, "duration_s": seconds, "cues": [{"key": "x", "text": "tone", "start": 0.05, "end": 0.55}]}
    return renderer.Audio(name, mp3, sidecar)


@pytest.fixture
def stored(tmp_path):
    config = Config(store="memory", audio_dir=str(tmp_path / "audio"), public_url=PUBLIC + "/", verify_requests=False)
    store = audio.LocalStore(config.audio_dir, config.public_url)
    done = store.put(tone_session())
    return config, store, done, web.create_app(config).test_client()


def test_the_store_gives_the_public_url_the_app_serves(stored):
    config, store, done, client = stored
    assert done.url == f"{PUBLIC}/audio/{done.name}.mp3"
    assert audio.store_for(config).url(done.name) == done.url
    whole = client.get(f"/audio/{done.name}.mp3")
    assert whole.status_code == 200 and whole.mimetype == "audio/mpeg"
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert whole.data == done.path.read_bytes()
    assert client.get(f"/audio/{done.name}.json").get_json()["cues"][0]["text"] == "tone"


def test_range_requests_get_206_and_just_those_bytes(stored):
    _, _, done, client = stored
    body = done.path.read_bytes()
    size = len(body)
    first = client.get(f"/audio/{done.name}.mp3", headers={"Range": "bytes=0-99"})
    assert first.status_code == 206 and first.data == body[:100]
    assert first.headers["Content-Range"] == f"bytes 0-99/{size}" and first.headers["Accept-Ranges"] == "bytes"
    rest = client.get(f"/audio/{done.name}.mp3", headers={"Range": "bytes=100-"})
    assert rest.status_code == 206 and first.data + rest.data == body
    tail = client.get(f"/audio/{done.name}.mp3", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.data == body[-10:]
    beyond = client.get(f"/audio/{done.name}.mp3", headers={"Range": f"bytes={size + 10}-"})
    assert beyond.status_code == 416
    assert client.head(f"/audio/{done.name}.mp3").headers["Content-Length"] == str(size)


def test_anything_else_under_audio_is_a_short_404(stored):
    _, _, done, client = stored
    for path in ("/audio/breathing-ffffffffffffffffffffffff.mp3", "/audio/..%2Fsecrets.mp3", "/audio/UPPER.mp3",
                 f"/audio/{done.name}.wav", "/audio/.mp3"):
        answer = client.get(path)
        assert answer.status_code == 404 and answer.mimetype == "application/json", path
    assert client.post(f"/audio/{done.name}.mp3").status_code == 405


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_a_rendered_session_streams_from_the_real_server_and_decodes_to_its_length(tmp_path):
    """`secure-base serve` with SB_PUBLIC_URL set: the URL the renderer gives is fetched the way a
    player does (in ranges) and decodes to the length asked."""
    audio_dir = tmp_path / "audio"
    with SkillServer(tmp_path / "store.sqlite3", env={"SB_AUDIO_DIR": str(audio_dir)}) as server:
        base = server.url.rstrip("/")
        config = Config(store="memory", audio_dir=str(audio_dir), phrase_dir=str(tmp_path / "phrases"),
                        public_url=base)
        done = audio.render("breathing", {"technique": "box", "minutes": 2}, "en-US", config=config)
        assert done.fresh and done.url == f"{base}/audio/{done.name}.mp3"
        parts, offset, size = [], 0, None
        while size is None or offset < size:
            ask = urllib.request.Request(done.url, headers={"Range": f"bytes={offset}-{offset + 65535}"})
            with urllib.request.urlopen(ask, timeout=10) as answer:
                assert answer.status == 206
                size = int(answer.headers["Content-Range"].rpartition("/")[2])
                parts.append(answer.read())
            offset += len(parts[-1])
        decoded = miniaudio.mp3_read_s16(b"".join(parts))
        assert abs(decoded.num_frames / decoded.sample_rate - 120) <= 1.2
        with urllib.request.urlopen(f"{base}/audio/{done.name}.json", timeout=10) as answer:
            assert json.loads(answer.read())["cues"] == done.timeline
