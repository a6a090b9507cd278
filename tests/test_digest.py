"""The store key and the log id hash as before: the same digests as hashlib and hmac give."""
from __future__ import annotations

import hashlib
import hmac
import random

from skill import digest, logs, persistence


def test_sha256_and_hmac_give_the_libraries_digests_for_keys_and_messages_of_every_length():
    rng = random.Random(3)
    for size in (0, 1, 31, 55, 56, 63, 64, 65, 127, 128, 129, 500):
        message = rng.randbytes(size)
        key = rng.randbytes(size)
        assert digest.sha256_hex(message) == hashlib.sha256(message).hexdigest()
        assert digest.hmac_sha256_hex(key, message) == hmac.new(key, message, hashlib.sha256).hexdigest()


def test_a_person_keeps_the_same_store_key_and_log_id_so_nothing_stored_is_lost():
    user = "amzn1.ask.account.AEXAMPLE\udc80"  # a lone surrogate is kept, as before
    assert persistence.hash_user_id(user, "salt") == hashlib.sha256(
        f"salt:{user}".encode("utf-8", "surrogatepass")).hexdigest()
    assert logs.hashed(user, "salt") == hmac.new(b"log:salt", user.encode("utf-8", "surrogatepass"),
                                                  hashlib.sha256).hexdigest()[:16]
