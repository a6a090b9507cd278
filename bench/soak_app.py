"""The app gunicorn serves in `make soak`: the real factory, verification ON against a throwaway PKI.

bench/soak.py writes the PKI's root and chain to SOAK_PKI_DIR and starts a silent listener
(accepts, never answers) on SOAK_BLACK_HOLE_PORT. Alexa's certificate URL is answered from the
chain file; every other certificate URL (forged requests) is fetched for real, over TLS, from
the black hole on 127.0.0.1, so the verifier's timeouts, negative cache and bounds are what is
measured. Nothing leaves the machine.
"""
from __future__ import annotations

import os
from pathlib import Path

from cryptography import x509

from skill import verify, web
from skill.config import from_env

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"


def create_app():
    pki = Path(os.environ["SOAK_PKI_DIR"])
    chain = (pki / "chain.pem").read_bytes()
    root = x509.load_pem_x509_certificate((pki / "root.pem").read_bytes())
    black_hole = f"127.0.0.1:{os.environ['SOAK_BLACK_HOLE_PORT']}"

    def fetcher(url: str, timeout: float) -> bytes:
        if url == CERT_URL:
            return chain
        return verify.fetch_https(url.replace("s3.amazonaws.com", black_hole, 1), timeout)

    return web.create_app(from_env(), verifiers=verify.default_verifiers(fetcher=fetcher, trust=[root]))
