"""Alexa request verification (skill.verify) against a real, throwaway PKI: real keys, real signatures.

Amazon's rules, "Verify that the request was sent by Alexa": the certificate URL, the chain
(valid now, issued to echo-api.amazon.com, trusted root), the body signature, the timestamp.
"""
import json
import socket
from datetime import timedelta

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import ExtendedKeyUsageOID

from builders import envelope, intent, launch
from signing import CERT_URL, NOW, PKI, Fetcher, alexa_headers, body_of, clock, issue, pem, sign
from skill import verify
from skill.verify import RequestVerifier, TimestampVerifier, VerificationException


@pytest.fixture(scope="module")
def pki():
    return PKI()


@pytest.fixture
def fetcher(pki):
    return Fetcher({CERT_URL: pki.chain()})


@pytest.fixture
def verifier(pki, fetcher):
    return RequestVerifier(fetcher=fetcher, trust=[pki.root], clock=clock())


@pytest.fixture
def body():
    return body_of(envelope(launch()))


def refused(check, *args) -> str:
    with pytest.raises(VerificationException) as caught:
        check(*args)
    return str(caught.value)


# --- the certificate URL ------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    "HTTPS://S3.AmazonAWS.com/echo.api/echo-api-cert.pem",  # scheme and host are case-insensitive
])
def test_certificate_urls_in_amazons_format_are_accepted_and_normalised(url):
    assert verify.check_cert_url(url) == "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"


@pytest.mark.parametrize("url, why", [
    ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "https"),
    ("https://notamazon.com/echo.api/echo-api-cert.pem", "s3.amazonaws.com"),
    ("https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem", "s3.amazonaws.com"),
    ("https://s3.amazonaws.com@evil.example/echo.api/echo-api-cert.pem", "s3.amazonaws.com"),
    ("https://user@s3.amazonaws.com/echo.api/echo-api-cert.pem", "s3.amazonaws.com"),
    ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", "/echo.api/"),  # the path is case-sensitive
    ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", "/echo.api/"),
    ("https://s3.amazonaws.com/echo.api/../evil/cert.pem", "/echo.api/"),
    ("https://s3.amazonaws.com/echo.api/%2e%2e/evil/cert.pem", "/echo.api/"),
    ("https://s3.amazonaws.com/echo.api", "/echo.api/"),
    ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", "443"),
    ("https://s3.amazonaws.com:notaport/echo.api/echo-api-cert.pem", "not a URL"),
    ("not a url", "https"),
    ("", "https"),
])
def test_certificate_urls_outside_amazons_format_are_refused_before_any_download(verifier, fetcher, body, url, why):
    assert why in refused(verify.check_cert_url, url)
    assert refused(verifier.verify, {"SignatureCertChainUrl": url, "Signature-256": "AAAA"}, body, None)
    assert fetcher.calls == []


# --- the signature over the body ------------------------------------------------------------

def test_a_request_signed_by_alexas_certificate_passes(verifier, fetcher, pki, body):
    verifier.verify(alexa_headers(body, pki.signing_key), body, None)
    assert fetcher.calls == [(CERT_URL, verify.CERT_TIMEOUT_SECONDS)]  # fetched once, with a short timeout


def test_header_names_are_matched_in_any_case(verifier, pki, body):
    headers = {k.lower(): v for k, v in alexa_headers(body, pki.signing_key).items()}
    verifier.verify(headers, body, None)


def test_the_chain_is_fetched_from_the_normalised_url(verifier, fetcher, pki, body):
    traversal = "https://s3.amazonaws.com:443/echo.api/../echo.api/echo-api-cert-test.pem"
    verifier.verify(alexa_headers(body, pki.signing_key, url=traversal), body, None)
    assert fetcher.urls == [CERT_URL]


def test_a_request_signed_only_with_the_older_sha1_signature_is_refused(verifier, pki, body):
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature": sign(body, pki.signing_key, hashes.SHA1())}
    assert "Signature-256" in refused(verifier.verify, headers, body, None)


def test_a_wrong_signature_256_is_not_rescued_by_a_valid_sha1_signature(verifier, pki, body):
    headers = alexa_headers(body, pki.signing_key)
    headers["Signature-256"] = sign(b"something else", pki.signing_key)
    assert "does not match" in refused(verifier.verify, headers, body, None)


def test_a_body_changed_after_signing_is_refused(verifier, pki, body):
    headers = alexa_headers(body, pki.signing_key)
    tampered = body.replace(b"LaunchRequest", b"SessionEndedRequest")
    assert "does not match" in refused(verifier.verify, headers, tampered, None)


def test_the_exact_bytes_count_not_the_json_they_parse_to(verifier, pki, body):
    headers = alexa_headers(body, pki.signing_key)
    reformatted = json.dumps(json.loads(body), indent=1).encode()
    assert json.loads(reformatted) == json.loads(body)
    assert "does not match" in refused(verifier.verify, headers, reformatted, None)


def test_a_body_signed_with_another_key_is_refused(verifier, body):
    stranger = PKI("Stranger Root")
    assert "does not match" in refused(verifier.verify, alexa_headers(body, stranger.signing_key), body, None)


@pytest.mark.parametrize("headers, why", [
    ({}, "SignatureCertChainUrl"),
    ({"Signature-256": "AAAA"}, "SignatureCertChainUrl"),
    ({"SignatureCertChainUrl": CERT_URL}, "Signature-256"),
    ({"SignatureCertChainUrl": CERT_URL, "Signature-256": ""}, "Signature-256"),
    ({"SignatureCertChainUrl": CERT_URL, "Signature-256": "not base64 at all!"}, "base64"),
])
def test_missing_or_garbled_signature_headers_are_refused(verifier, body, headers, why):
    assert why in refused(verifier.verify, headers, body, None)


def test_a_text_body_is_checked_as_its_utf8_bytes(verifier, pki):
    body = body_of(envelope(intent("GroundingIntent"), locale="en-US")).replace(b"GroundingIntent", "Grönding".encode())
    verifier.verify(alexa_headers(body, pki.signing_key), body.decode("utf-8"), None)


# --- the certificate chain -----------------------------------------------------------------

def chain_verifier(pki, chain: bytes, now=NOW) -> RequestVerifier:
    return RequestVerifier(fetcher=Fetcher({CERT_URL: chain}), trust=[pki.root], clock=clock(now))


def test_an_expired_signing_certificate_is_refused(pki, body):
    expired = pki.leaf(not_before=NOW - timedelta(days=400), not_after=NOW - timedelta(seconds=1))
    assert "expired" in refused(chain_verifier(pki, pki.chain(expired)).verify, alexa_headers(body, pki.signing_key), body, None)


def test_a_signing_certificate_not_yet_valid_is_refused(pki, body):
    early = pki.leaf(not_before=NOW + timedelta(hours=1))
    assert "not yet valid" in refused(chain_verifier(pki, pki.chain(early)).verify, alexa_headers(body, pki.signing_key), body, None)


@pytest.mark.parametrize("names", [("example.com",), ("echo-api.amazon.com.evil.example",), ("*.amazon.com",), ()])
def test_a_signing_certificate_for_another_name_is_refused(pki, body, names):
    other = pki.leaf(names=names)
    assert "echo-api.amazon.com" in refused(chain_verifier(pki, pki.chain(other)).verify,
                                           alexa_headers(body, pki.signing_key), body, None)


def test_a_chain_from_an_untrusted_root_is_refused(pki, body):
    stranger = PKI("Stranger Root")
    verifier = RequestVerifier(fetcher=Fetcher({CERT_URL: stranger.chain()}), trust=[pki.root], clock=clock())
    assert "trusted root" in refused(verifier.verify, alexa_headers(body, stranger.signing_key), body, None)


def test_a_look_alike_root_with_the_trusted_roots_name_is_refused(pki, body):
    impostor = PKI("Test Root CA")  # same names all the way down, different keys
    verifier = RequestVerifier(fetcher=Fetcher({CERT_URL: impostor.chain()}), trust=[pki.root], clock=clock())
    assert "trusted root" in refused(verifier.verify, alexa_headers(body, impostor.signing_key), body, None)


def test_a_chain_missing_its_intermediate_is_refused(pki, body):
    assert "trusted root" in refused(chain_verifier(pki, pem(pki.signing)).verify, alexa_headers(body, pki.signing_key), body, None)


def test_a_signing_certificate_issued_by_a_non_ca_is_refused(pki, body):
    other_key = PKI("Scratch").signing_key
    not_a_ca = pki.leaf(names=("example.com",), key=other_key)
    signed_by_leaf = issue("echo-api.amazon.com", pki.signing_key, "echo-api.amazon.com", other_key,
                           ca=False, names=("echo-api.amazon.com",))
    verifier = chain_verifier(pki, pem(signed_by_leaf, not_a_ca, pki.intermediate))
    assert "trusted root" in refused(verifier.verify, alexa_headers(body, pki.signing_key), body, None)


def test_the_extended_key_usage_is_not_what_decides(pki, body):
    client_only = issue("echo-api.amazon.com", pki.signing_key, "Test Intermediate CA", pki.intermediate_key,
                        ca=False, names=("echo-api.amazon.com",), eku=(ExtendedKeyUsageOID.CLIENT_AUTH,))
    chain_verifier(pki, pki.chain(client_only)).verify(alexa_headers(body, pki.signing_key), body, None)


@pytest.mark.parametrize("served", [b"", b"<html>Access Denied</html>", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"])
def test_something_that_is_not_a_pem_chain_is_refused(pki, body, served):
    assert "PEM" in refused(chain_verifier(pki, served).verify, alexa_headers(body, pki.signing_key), body, None)


def test_a_download_that_fails_is_a_refusal_not_a_crash(pki, body):
    verifier = RequestVerifier(fetcher=Fetcher({}), trust=[pki.root], clock=clock())
    assert "download" in refused(verifier.verify, alexa_headers(body, pki.signing_key), body, None)


# --- the cache -------------------------------------------------------------------------------

def test_the_chain_is_downloaded_once_and_reused(verifier, fetcher, pki, body):
    for _ in range(3):
        verifier.verify(alexa_headers(body, pki.signing_key), body, None)
    assert len(fetcher.calls) == 1


def test_the_cache_expires_and_the_chain_is_downloaded_again(pki, fetcher, body):
    now = [NOW]
    verifier = RequestVerifier(fetcher=fetcher, trust=[pki.root], clock=lambda: now[0], cache_seconds=600)
    verifier.verify(alexa_headers(body, pki.signing_key), body, None)
    now[0] = NOW + timedelta(seconds=601)
    verifier.verify(alexa_headers(body, pki.signing_key), body, None)
    assert len(fetcher.calls) == 2


def test_a_cached_certificate_is_not_trusted_past_its_expiry(pki, body):
    short = pki.leaf(not_after=NOW + timedelta(minutes=5))
    now = [NOW]
    fetcher = Fetcher({CERT_URL: pki.chain(short)})
    verifier = RequestVerifier(fetcher=fetcher, trust=[pki.root], clock=lambda: now[0], cache_seconds=3600)
    verifier.verify(alexa_headers(body, pki.signing_key), body, None)
    now[0] = NOW + timedelta(minutes=6)
    assert "expired" in refused(verifier.verify, alexa_headers(body, pki.signing_key), body, None)
    assert len(fetcher.calls) == 2


# --- the timestamp ---------------------------------------------------------------------------

def request_at(offset: timedelta, request: dict | None = None) -> RequestEnvelope:
    body = envelope(request or launch())
    body["request"]["timestamp"] = (NOW + offset).strftime("%Y-%m-%dT%H:%M:%SZ")
    return DefaultSerializer().deserialize(json.dumps(body), RequestEnvelope)


@pytest.mark.parametrize("seconds", [0, -149, 149])
def test_a_request_within_150_seconds_passes(seconds):
    TimestampVerifier(clock=clock()).verify({}, b"", request_at(timedelta(seconds=seconds)))


@pytest.mark.parametrize("seconds", [-151, 151, -3600])
def test_a_stale_or_future_request_is_refused(seconds):
    assert "timestamp" in refused(TimestampVerifier(clock=clock()).verify, {}, b"", request_at(timedelta(seconds=seconds)))


def test_skill_events_may_arrive_up_to_an_hour_late():
    disabled = {"type": "AlexaSkillEvent.SkillDisabled", "body": {"userInformationPersistenceStatus": "NOT_PERSISTED"}}
    TimestampVerifier(clock=clock()).verify({}, b"", request_at(timedelta(minutes=-50), disabled))
    assert "timestamp" in refused(TimestampVerifier(clock=clock()).verify, {}, b"", request_at(timedelta(minutes=-61), disabled))


def test_a_request_without_a_timestamp_is_refused():
    body = envelope(launch())
    del body["request"]["timestamp"]
    parsed = DefaultSerializer().deserialize(json.dumps(body), RequestEnvelope)
    assert "timestamp" in refused(TimestampVerifier(clock=clock()).verify, {}, b"", parsed)


def test_the_tolerance_cannot_be_widened_past_alexas_150_seconds():
    with pytest.raises(ValueError):
        TimestampVerifier(tolerance_seconds=300)


# --- construction --------------------------------------------------------------------------

def test_the_default_verifiers_are_built_offline_with_certifis_roots(monkeypatch, body):
    def no_network(*args, **kwargs):
        raise AssertionError("no network at construction")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    built = verify.default_verifiers()
    assert [type(v) for v in built] == [RequestVerifier, TimestampVerifier, verify.ReplayVerifier]
    assert len(verify.certifi_roots()) > 50
    # the real roots do not trust the test PKI
    pki = PKI()
    offline = RequestVerifier(fetcher=Fetcher({CERT_URL: pki.chain()}), clock=clock())
    assert "trusted root" in refused(offline.verify, alexa_headers(body, pki.signing_key), body, None)


# --- the real downloader -----------------------------------------------------------------------

@pytest.fixture
def local_http():
    """A real HTTP server on 127.0.0.1 answering each path from a table: (status, headers, body)."""
    import http.server
    import threading

    table = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            status, headers, payload = table[self.path]
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", table
    server.shutdown()
    server.server_close()


def test_the_downloader_returns_the_chain(local_http, pki):
    base, table = local_http
    table["/echo.api/cert.pem"] = (200, {}, pki.chain())
    assert verify.fetch_https(base + "/echo.api/cert.pem", 5.0) == pki.chain()


def test_the_downloader_does_not_follow_redirects(local_http, pki):
    base, table = local_http
    table["/echo.api/cert.pem"] = (302, {"Location": base + "/elsewhere.pem"}, b"")
    table["/elsewhere.pem"] = (200, {}, pki.chain())
    with pytest.raises(OSError):
        verify.fetch_https(base + "/echo.api/cert.pem", 5.0)


def test_the_downloader_refuses_a_huge_answer(local_http):
    base, table = local_http
    table["/echo.api/cert.pem"] = (200, {}, b"A" * (verify.MAX_CHAIN_BYTES + 10))
    with pytest.raises(ValueError):
        verify.fetch_https(base + "/echo.api/cert.pem", 5.0)


# --- under pressure: slow, failing and forged certificate hosts --------------------------------

OTHER_URL = "https://s3.amazonaws.com/echo.api/forged-{}.pem"


def test_a_failed_download_is_remembered_for_a_while_not_retried_on_every_request(pki, body):
    fetcher = Fetcher({})
    verifier = RequestVerifier(fetcher=fetcher, trust=[pki.root], clock=clock())
    for _ in range(5):
        assert "download" in refused(verifier.verify, alexa_headers(body, pki.signing_key), body, None)
    assert len(fetcher.calls) == 1


def test_a_remembered_failure_is_tried_again_after_its_while(pki, body):
    fetcher = Fetcher({})
    verifier = RequestVerifier(fetcher=fetcher, trust=[pki.root], clock=clock(), failure_seconds=0)
    for _ in range(2):
        refused(verifier.verify, alexa_headers(body, pki.signing_key), body, None)
    fetcher.chains[CERT_URL] = pki.chain()
    verifier.verify(alexa_headers(body, pki.signing_key), body, None)
    assert len(fetcher.calls) == 3


def test_concurrent_requests_for_one_url_share_one_download(pki, body):
    import threading

    gate = threading.Event()
    inner = Fetcher({CERT_URL: pki.chain()})

    def slow(url, timeout):
        gate.wait(5)
        return inner(url, timeout)

    verifier = RequestVerifier(fetcher=slow, trust=[pki.root], clock=clock())
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        verifier.verify(alexa_headers(body, pki.signing_key), body, None) is None)) for _ in range(6)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join(10)
    assert results == [True] * 6 and len(inner.calls) == 1


def test_downloads_in_flight_are_bounded_and_the_rest_refused_at_once(pki, body):
    import threading

    gate = threading.Event()

    def hung(url, timeout):
        gate.wait(5)
        raise OSError("never answered")

    verifier = RequestVerifier(fetcher=hung, trust=[pki.root], clock=clock(), max_fetches=2)
    threads = [threading.Thread(target=refused, args=(verifier.signing_certificate, OTHER_URL.format(n))) for n in range(2)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(100):  # until both downloads are under way
            if len(verifier._in_flight) == 2:
                break
            threading.Event().wait(0.01)
        assert "in flight" in refused(verifier.signing_certificate, OTHER_URL.format(3))
    finally:
        gate.set()
        for thread in threads:
            thread.join(10)


def test_forged_requests_at_a_black_holed_certificate_host_do_not_delay_a_real_one(pki, body):
    """A local listener that accepts and never answers stands in for a black-holed host."""
    import threading
    import time

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    port = silent.getsockname()[1]
    real = Fetcher({CERT_URL: pki.chain()})

    def fetcher(url, timeout):  # Alexa's URL from S3; every other one from the black hole
        if url in real.chains:
            return real(url, timeout)
        return verify.fetch_https(url.replace("s3.amazonaws.com", f"127.0.0.1:{port}"), timeout)

    verifier = RequestVerifier(fetcher=fetcher, trust=[pki.root], clock=clock())
    try:
        verifier.verify(alexa_headers(body, pki.signing_key), body, None)  # Alexa's chain, cached
        forged = [threading.Thread(target=refused, args=(verifier.verify, alexa_headers(
            body, pki.signing_key, url=OTHER_URL.format(n)), body, None)) for n in range(12)]
        started = time.monotonic()
        for thread in forged:
            thread.start()
        verifier.verify(alexa_headers(body, pki.signing_key), body, None)
        assert time.monotonic() - started < 1.0
        for thread in forged:
            thread.join(10)
        assert time.monotonic() - started < 5.0  # each forged one gave up after the short timeout
    finally:
        silent.close()


# --- replays ----------------------------------------------------------------------------------

def test_a_request_id_seen_before_is_refused_as_a_replay():
    replay = verify.ReplayVerifier(clock=clock())
    first = request_at(timedelta(0))
    replay.verify({}, b"", first)
    assert "replay" in refused(replay.verify, {}, b"", first)
    replay.verify({}, b"", request_at(timedelta(0)))  # another request (another id) passes


def test_the_replay_cache_is_bounded():
    replay = verify.ReplayVerifier(clock=clock(), size=3)
    for _ in range(10):
        replay.verify({}, b"", request_at(timedelta(0)))
    assert len(replay._seen) <= 3


def test_ids_are_forgotten_once_their_window_has_passed():
    now = [NOW]
    replay = verify.ReplayVerifier(clock=lambda: now[0])
    for _ in range(5):
        replay.verify({}, b"", request_at(timedelta(0)))
    now[0] = NOW + timedelta(seconds=151)
    replay.verify({}, b"", request_at(timedelta(seconds=151)))
    assert len(replay._seen) == 1
