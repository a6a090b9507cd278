"""Proof that a request really came from Alexa, on pyca/cryptography.

Amazon's rules for a skill hosted as a web service ("Verify that the request
was sent by Alexa"):

1. The SignatureCertChainUrl header: scheme https, host s3.amazonaws.com (both
   case-insensitive), a path that starts with /echo.api/ once normalised (case
   sensitive, so /EcHo.aPi/ is refused), and port 443 if a port is given.
2. The PEM chain at that URL: the signing certificate (first) is currently
   valid, names echo-api.amazon.com in its Subject Alternative Names, and the
   chain builds to a trusted root (certifi's roots unless a store is given).
3. The Signature-256 header (base64, RSA PKCS#1 v1.5 over SHA-256) matches the
   exact bytes of the body. A request without Signature-256 is refused: Alexa
   sends Signature-256 with every request, and the older SHA-1 Signature header
   is there only for endpoints that predate it. Accepting SHA-1 when SHA-256 is
   missing would let anyone who strips one header downgrade the check to a hash
   with known collision attacks, for no request Alexa actually sends.
4. The request timestamp is within 150 seconds of now (Alexa skill events, which
   Alexa may deliver late, within an hour).
5. The request id has not been seen before within that window (ReplayVerifier):
   a signed request captured and sent again is refused. The ids are kept per
   process, at most REPLAY_CACHE_SIZE of them (with several worker processes a
   replay that reaches another worker is not caught; see the README).

Under pressure (forged requests naming certificate URLs that never answer): each
download has a short connect and read timeout (CERT_TIMEOUT_SECONDS); a failed
URL is remembered and refused without a new download for FAILURE_CACHE_SECONDS;
concurrent requests for one URL share one download; and at most
MAX_FETCHES_IN_FLIGHT downloads run at once per process, further ones are refused
at once. So forged requests cannot hold workers for long or starve real ones,
whose chain is cached.

Any failure raises VerificationException; the web layer answers 400. Nothing
here touches the network until the first request names a certificate URL.
"""
from __future__ import annotations

import base64
import binascii
import posixpath
import ssl
import threading
import time
import urllib.request
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable, Mapping
from urllib.parse import quote, unquote, urlsplit

import certifi
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import verification

from . import compat

compat.make_importable()  # ask_sdk_webservice_support.verifier imports certvalidator
from ask_sdk_webservice_support.verifier import AbstractVerifier, VerificationException  # noqa: E402

CERT_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_256_HEADER = "Signature-256"
SIGNATURE_SHA1_HEADER = "Signature"

CERT_URL_SCHEME = "https"
CERT_URL_HOST = "s3.amazonaws.com"
CERT_URL_PATH_PREFIX = "/echo.api/"
CERT_URL_PORT = 443
SIGNING_NAME = "echo-api.amazon.com"

TOLERANCE_SECONDS = 150
SKILL_EVENT_TOLERANCE_SECONDS = 3600
SKILL_EVENTS = frozenset({
    "AlexaSkillEvent.SkillEnabled", "AlexaSkillEvent.SkillDisabled", "AlexaSkillEvent.SkillPermissionChanged",
    "AlexaSkillEvent.SkillPermissionAccepted", "AlexaSkillEvent.SkillAccountLinked",
})

MAX_CHAIN_BYTES = 64 * 1024
CERT_TIMEOUT_SECONDS = 1.0  # connect, and each read: S3 answers in well under that
FAILURE_CACHE_SECONDS = 60.0
MAX_FETCHES_IN_FLIGHT = 2
REPLAY_CACHE_SIZE = 20_000

Fetcher = Callable[[str, float], bytes]
Clock = Callable[[], datetime]

__all__ = [
    "VerificationException", "RequestVerifier", "TimestampVerifier", "ReplayVerifier", "SkillIdVerifier", "WrongSkill",
    "default_verifiers", "check_cert_url", "fetch_https", "certifi_roots",
]


class WrongSkill(VerificationException):
    """The request is for another skill id."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def check_cert_url(url: str) -> str:
    """Amazon's rules for SignatureCertChainUrl. Returns the normalised URL to fetch, or raises."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # ValueError for a port that is not a number
    except (ValueError, AttributeError) as exc:
        raise VerificationException("The certificate URL is not a URL.") from exc
    if parts.scheme.lower() != CERT_URL_SCHEME:
        raise VerificationException("The certificate URL must use https.")
    if (parts.hostname or "").lower() != CERT_URL_HOST or parts.username is not None or parts.password is not None:
        raise VerificationException(f"The certificate URL must be on {CERT_URL_HOST}.")
    if port is not None and port != CERT_URL_PORT:
        raise VerificationException(f"The certificate URL may only name port {CERT_URL_PORT}.")
    # percent-escapes are decoded first so that %2e%2e cannot hide a step out of /echo.api/
    path = posixpath.normpath(unquote(parts.path)) if parts.path else ""
    if not path.startswith(CERT_URL_PATH_PREFIX):
        raise VerificationException(f"The certificate URL path must start with {CERT_URL_PATH_PREFIX}.")
    return f"{CERT_URL_SCHEME}://{CERT_URL_HOST}{quote(path)}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx becomes an error: we fetch only the URL we checked


def fetch_https(url: str, timeout: float) -> bytes:
    """Download a certificate chain over verified TLS, without redirects, at most MAX_CHAIN_BYTES."""
    context = ssl.create_default_context(cafile=certifi.where())
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), _NoRedirects())
    with opener.open(url, timeout=timeout) as response:
        data = response.read(MAX_CHAIN_BYTES + 1)
    if len(data) > MAX_CHAIN_BYTES:
        raise ValueError("certificate chain too large")
    return data


def certifi_roots() -> list[x509.Certificate]:
    """The Mozilla root certificates shipped in certifi (a local file: no network).

    One by one, so that a root cryptography finds fault with (one has a zero serial
    number) is left out instead of failing the whole bundle.
    """
    with open(certifi.where(), "rb") as bundle:
        blocks = bundle.read().split(b"-----END CERTIFICATE-----")
    roots = []
    for block in blocks:
        if b"-----BEGIN CERTIFICATE-----" not in block:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                roots.append(x509.load_pem_x509_certificate(block + b"-----END CERTIFICATE-----\n"))
            except ValueError:
                continue
    return roots


def _header(headers: Mapping, name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == wanted:
            return value.strip() if isinstance(value, str) else None
    return None


def _as_bytes(body) -> bytes:
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    raise VerificationException("There is no request body to check the signature against.")


@dataclass(frozen=True)
class _Cached:
    signing_cert: x509.Certificate
    expires: datetime


@dataclass(frozen=True)
class _Failed:
    reason: str
    until: float  # time.monotonic()


class RequestVerifier(AbstractVerifier):
    """Checks the certificate URL, the certificate chain and the body signature.

    fetcher(url, timeout) -> bytes downloads a chain (default: fetch_https).
    trust is a cryptography Store or certificates to trust as roots (default: certifi's).
    clock() -> aware datetime (default: now, UTC). Chains are cached per URL for
    cache_seconds, never past the signing certificate's expiry; failures for
    failure_seconds; at most max_fetches downloads run at once.
    """

    def __init__(self, *, fetcher: Fetcher = fetch_https, trust: verification.Store | Iterable[x509.Certificate] | None = None,
                 clock: Clock = utc_now, timeout: float = CERT_TIMEOUT_SECONDS, cache_seconds: float = 3600.0,
                 cache_size: int = 8, failure_seconds: float = FAILURE_CACHE_SECONDS, failure_cache_size: int = 256,
                 max_fetches: int = MAX_FETCHES_IN_FLIGHT):
        self._fetch = fetcher
        self._store = trust if isinstance(trust, verification.Store) else verification.Store(
            list(trust) if trust is not None else certifi_roots())
        self._clock = clock
        self._timeout = timeout
        self._cache_for = timedelta(seconds=cache_seconds)
        self._cache_size = cache_size
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        self._failure_for = failure_seconds
        self._failure_cache_size = failure_cache_size
        self._failed: OrderedDict[str, _Failed] = OrderedDict()
        self._in_flight: dict[str, threading.Event] = {}
        self._fetch_slots = threading.BoundedSemaphore(max_fetches)
        self._lock = threading.Lock()

    def verify(self, headers, serialized_request_env, deserialized_request_env=None):
        url = _header(headers, CERT_URL_HEADER)
        if not url:
            raise VerificationException(f"The {CERT_URL_HEADER} header is missing.")
        signature, digest = _header(headers, SIGNATURE_256_HEADER), hashes.SHA256()  # never SHA-1: see the module doc
        if not signature:
            raise VerificationException(f"The {SIGNATURE_256_HEADER} header is missing.")
        try:
            signature_bytes = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise VerificationException("The signature is not base64.") from exc
        public_key = self.signing_certificate(url).public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise VerificationException("The signing certificate does not hold an RSA key.")
        try:
            public_key.verify(signature_bytes, _as_bytes(serialized_request_env), padding.PKCS1v15(), digest)
        except InvalidSignature as exc:
            raise VerificationException("The signature does not match the request body.") from exc

    def signing_certificate(self, url: str) -> x509.Certificate:
        """The validated signing certificate named by a certificate URL (cached, failures too)."""
        where = check_cert_url(url)
        for _ in range(3):  # at most: wait for another request's download, then look again
            now = self._clock()
            with self._lock:
                cached = self._cache.get(where)
                if cached and now < cached.expires:
                    self._cache.move_to_end(where)
                    return cached.signing_cert
                failed = self._failed.get(where)
                if failed and time.monotonic() < failed.until:
                    raise VerificationException(f"{failed.reason} (a recent failure, not retried yet)")
                leader = self._in_flight.get(where)
                if leader is None:
                    if not self._fetch_slots.acquire(blocking=False):
                        raise VerificationException("Too many certificate downloads in flight.")
                    done = self._in_flight[where] = threading.Event()
                    break
            leader.wait(self._timeout * 3)  # someone else is downloading this URL: share their answer
        else:
            raise VerificationException("The certificate chain download is taking too long.")
        try:
            signing_cert = self._download(where, now)
        finally:
            with self._lock:
                self._in_flight.pop(where, None)
            self._fetch_slots.release()
            done.set()
        return signing_cert

    def _download(self, where: str, now: datetime) -> x509.Certificate:
        try:
            try:
                pem = self._fetch(where, self._timeout)
            except Exception as exc:  # network down, timeout, 404, redirect, too large...
                raise VerificationException(f"Could not download the certificate chain ({type(exc).__name__}).") from exc
            signing_cert = self._validate_chain(pem, now)
        except VerificationException as refused:
            with self._lock:
                self._failed[where] = _Failed(str(refused), time.monotonic() + self._failure_for)
                self._failed.move_to_end(where)
                while len(self._failed) > self._failure_cache_size:
                    self._failed.popitem(last=False)
            raise
        expires = min(now + self._cache_for, signing_cert.not_valid_after_utc)
        with self._lock:
            self._failed.pop(where, None)
            self._cache[where] = _Cached(signing_cert, expires)
            self._cache.move_to_end(where)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return signing_cert

    def _validate_chain(self, pem: bytes, now: datetime) -> x509.Certificate:
        try:
            certs = x509.load_pem_x509_certificates(pem)
        except (ValueError, TypeError) as exc:
            raise VerificationException("The certificate chain is not PEM.") from exc
        signing_cert, intermediates = certs[0], certs[1:]
        if not signing_cert.not_valid_before_utc <= now <= signing_cert.not_valid_after_utc:
            raise VerificationException("The signing certificate is expired or not yet valid.")
        try:
            names = signing_cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        except x509.ExtensionNotFound as exc:
            raise VerificationException("The signing certificate has no Subject Alternative Names.") from exc
        if SIGNING_NAME not in (name.lower() for name in names.get_values_for_type(x509.DNSName)):
            raise VerificationException(f"The signing certificate is not issued to {SIGNING_NAME}.")
        # The web PKI defaults of cryptography, except that the extended key usage is not
        # constrained: Amazon's rules ask for a valid, trusted certificate for the name only.
        leaf_policy = verification.ExtensionPolicy.webpki_defaults_ee().may_be_present(
            x509.ExtendedKeyUsage, verification.Criticality.AGNOSTIC, None)
        verifier = (verification.PolicyBuilder().store(self._store).time(now)
                    .extension_policies(ca_policy=verification.ExtensionPolicy.webpki_defaults_ca(), ee_policy=leaf_policy)
                    .build_server_verifier(verification.DNSName(SIGNING_NAME)))
        try:
            verifier.verify(signing_cert, intermediates)
        except verification.VerificationError as exc:
            raise VerificationException("The certificate chain does not lead to a trusted root.") from exc
        return signing_cert


class TimestampVerifier(AbstractVerifier):
    """The request's timestamp is within 150 s of now (skill events: an hour)."""

    def __init__(self, *, clock: Clock = utc_now, tolerance_seconds: float = TOLERANCE_SECONDS):
        if not 0 <= tolerance_seconds <= TOLERANCE_SECONDS:
            raise ValueError(f"the tolerance must be between 0 and {TOLERANCE_SECONDS} seconds")
        self._clock = clock
        self._tolerance = tolerance_seconds

    def verify(self, headers, serialized_request_env, deserialized_request_env):
        request = getattr(deserialized_request_env, "request", None)
        stamp = getattr(request, "timestamp", None)
        if not isinstance(stamp, datetime):
            raise VerificationException("The request has no timestamp.")
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=timezone.utc)
        allowed = SKILL_EVENT_TOLERANCE_SECONDS if getattr(request, "object_type", None) in SKILL_EVENTS else self._tolerance
        if abs((self._clock() - stamp).total_seconds()) > allowed:
            raise VerificationException("The request timestamp is too far from now.")


class ReplayVerifier(AbstractVerifier):
    """Each request id once: a signed request sent again within its timestamp window is refused.

    Runs after the signature and timestamp checks, so only authentic, current requests are
    remembered (forged ones cannot fill the cache with real ids). An id is kept until its
    request's timestamp falls out of the window; at most ``size`` ids, oldest dropped first.
    """

    def __init__(self, *, clock: Clock = utc_now, size: int = REPLAY_CACHE_SIZE):
        self._clock = clock
        self._size = size
        self._seen: OrderedDict[str, datetime] = OrderedDict()
        self._lock = threading.Lock()

    def verify(self, headers, serialized_request_env, deserialized_request_env):
        request = getattr(deserialized_request_env, "request", None)
        request_id, stamp = getattr(request, "request_id", None), getattr(request, "timestamp", None)
        if not isinstance(request_id, str) or not request_id:
            raise VerificationException("The request has no id.")
        if not isinstance(stamp, datetime):
            raise VerificationException("The request has no timestamp.")
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=timezone.utc)
        window = SKILL_EVENT_TOLERANCE_SECONDS if getattr(request, "object_type", None) in SKILL_EVENTS else TOLERANCE_SECONDS
        now = self._clock()
        with self._lock:
            while self._seen:  # forget ids whose requests would be refused as stale anyway
                oldest, until = next(iter(self._seen.items()))
                if until > now and len(self._seen) < self._size:
                    break
                self._seen.popitem(last=False)
            if request_id in self._seen:
                raise VerificationException("The request was already received (a replay).")
            self._seen[request_id] = stamp + timedelta(seconds=window)


class SkillIdVerifier(AbstractVerifier):
    """The request is for this skill (context and, when present, session)."""

    def __init__(self, skill_id: str):
        self._skill_id = skill_id

    def verify(self, headers, serialized_request_env, deserialized_request_env):
        system = getattr(getattr(deserialized_request_env, "context", None), "system", None)
        ids = [getattr(getattr(system, "application", None), "application_id", None)]
        session = getattr(deserialized_request_env, "session", None)
        if session is not None and getattr(session, "application", None) is not None:
            ids.append(session.application.application_id)
        if any(found != self._skill_id for found in ids):
            raise WrongSkill("The request is for another skill.")


def default_verifiers(*, clock: Clock = utc_now, **request_verifier_options) -> list[AbstractVerifier]:
    """Alexa's signature, timestamp and replay checks. Offline to construct: no network until a request arrives."""
    return [RequestVerifier(clock=clock, **request_verifier_options), TimestampVerifier(clock=clock),
            ReplayVerifier(clock=clock)]
