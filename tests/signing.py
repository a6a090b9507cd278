"""A throwaway PKI standing in for Amazon's, and requests signed the way Alexa signs them.

Real keys and certificates made with pyca/cryptography: a root CA, an intermediate, and a
signing certificate for echo-api.amazon.com, plus variants (expired, wrong name, look-alike
root). The chain is served by an in-memory fetcher at URLs that pass Amazon's URL rules.
"""
from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime(2026, 11, 29, 21, 0, 0, tzinfo=timezone.utc)  # tests/builders.py stamps requests with this
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"


def clock(now: datetime = NOW):
    return lambda: now


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Secure Base Test PKI"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=not ca,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def issue(subject: str, key, issuer: str, issuer_key, *, ca: bool, names=(), not_before=None, not_after=None,
          eku=(ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH)) -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_before or NOW - timedelta(days=30))
               .not_valid_after(not_after or NOW + timedelta(days=300))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(_usage(ca=ca), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False))
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
        if eku:
            builder = builder.add_extension(x509.ExtendedKeyUsage(list(eku)), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


class PKI:
    """Root -> intermediate -> echo-api.amazon.com, each with its private key."""

    def __init__(self, root_name: str = "Test Root CA"):
        self.root_key, self.intermediate_key, self.signing_key = _key(), _key(), _key()
        self.root = issue(root_name, self.root_key, root_name, self.root_key, ca=True,
                          not_before=NOW - timedelta(days=3650), not_after=NOW + timedelta(days=3650))
        self.intermediate = issue("Test Intermediate CA", self.intermediate_key, root_name, self.root_key, ca=True,
                                  not_before=NOW - timedelta(days=365), not_after=NOW + timedelta(days=1000))
        self.signing = self.leaf()

    def leaf(self, names=("echo-api.amazon.com",), key=None, **dates) -> x509.Certificate:
        return issue("echo-api.amazon.com", key or self.signing_key, "Test Intermediate CA", self.intermediate_key,
                     ca=False, names=names, **dates)

    def chain(self, leaf: x509.Certificate | None = None) -> bytes:
        return pem(leaf or self.signing, self.intermediate)


class Fetcher:
    """Serves chains by URL, like S3 would, and remembers what was asked for."""

    def __init__(self, chains: dict[str, bytes]):
        self.chains = dict(chains)
        self.calls: list[tuple[str, float]] = []

    def __call__(self, url: str, timeout: float) -> bytes:
        self.calls.append((url, timeout))
        if url not in self.chains:
            raise OSError(f"404 for {url}")
        return self.chains[url]

    @property
    def urls(self) -> list[str]:
        return [url for url, _ in self.calls]


def sign(body: bytes, key, algorithm=None) -> str:
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), algorithm or hashes.SHA256())).decode("ascii")


def alexa_headers(body: bytes, key, *, url: str = CERT_URL) -> dict[str, str]:
    """The headers Alexa sends with a request body: the chain URL and both signatures."""
    return {"Content-Type": "application/json", "SignatureCertChainUrl": url,
            "Signature-256": sign(body, key), "Signature": sign(body, key, hashes.SHA1())}


def body_of(envelope: dict) -> bytes:
    return json.dumps(envelope).encode("utf-8")
