"""SHA-256 and HMAC-SHA256 without OpenSSL: the same digests, a tenth of the serving process lighter.

hashlib loads OpenSSL's libcrypto, 3.5 MB resident, for the two hashes a turn makes (the user's
store key, the user's log id). CPython also carries its own SHA-256 (HACL*, module _sha2, or
_sha256 before 3.12), which gives the same digests. The HMAC is RFC 2104 written out, because the
standard library's hmac module imports hashlib; tests/test_digest.py checks both against hashlib
and hmac.
"""
from __future__ import annotations

from functools import lru_cache

try:
    from _sha2 import sha256  # CPython 3.12+
except ImportError:  # pragma: no cover - depends on the interpreter
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        from hashlib import sha256

BLOCK = 64  # SHA-256's block size, in bytes
_INNER = bytes(b ^ 0x36 for b in range(256))
_OUTER = bytes(b ^ 0x5C for b in range(256))


def sha256_hex(data: bytes) -> str:
    return sha256(data).hexdigest()


@lru_cache(maxsize=8)
def _keyed(key: bytes):
    """The two hashes primed with the padded key: a salt is the same for every turn."""
    if len(key) > BLOCK:
        key = sha256(key).digest()
    key = key.ljust(BLOCK, b"\0")
    return sha256(key.translate(_INNER)), sha256(key.translate(_OUTER))


def hmac_sha256_hex(key: bytes, message: bytes) -> str:
    inner, outer = (h.copy() for h in _keyed(key))
    inner.update(message)
    outer.update(inner.digest())
    return outer.hexdigest()
