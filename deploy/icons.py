"""The skill's icons, drawn: the breathing circle, resting, on the night-blue of the screens.

Certification wants a 108×108 and a 512×512 PNG. They are made here from a few numbers rather
than kept as opaque files, so they can be read and changed; deploy/package.py puts them in
skill-package/assets/images/. The PNG writing is by hand (a header, the rows deflated, an end)
because it is a dozen lines and Pillow would be a dependency for two pictures.
"""
from __future__ import annotations

import math
import struct
import zlib
from functools import lru_cache

SIZES = {"smallIcon.png": 108, "largeIcon.png": 512}
NIGHT = (23, 34, 56)  # the screens' night background
CIRCLE = (143, 199, 192)  # the breathing circle
GLOW = (200, 228, 222)  # its lighter heart
RINGS = ((0.36, CIRCLE), (0.22, GLOW))  # radius as a share of the side, colour; outer first


def _mix(under: tuple, over: tuple, amount: float) -> tuple:
    return tuple(round(u + (o - u) * amount) for u, o in zip(under, over))


@lru_cache(maxsize=None)
def pixels(size: int) -> tuple[bytes, ...]:
    """Rows of RGB: each ring's edge antialiased by how far the pixel's centre lies from it."""
    centre, rows = size / 2, []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            distance = math.hypot(x + 0.5 - centre, y + 0.5 - centre)
            colour = NIGHT
            for share, ring in RINGS:
                cover = min(1.0, max(0.0, share * size - distance + 0.5))
                colour = _mix(colour, ring, cover)
            row += bytes(colour)
        rows.append(bytes(row))
    return tuple(rows)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@lru_cache(maxsize=None)
def png(size: int) -> bytes:
    raw = b"".join(b"\0" + row for row in pixels(size))  # filter 0 on every row
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def files() -> dict[str, bytes]:
    """Path in the skill package -> PNG."""
    return {f"assets/images/{name}": png(size) for name, size in SIZES.items()}


def uris() -> dict[str, str]:
    """The manifest's icon fields, pointing at those files (the ASK CLI uploads them)."""
    return {"smallIconUri": "file://assets/images/smallIcon.png", "largeIconUri": "file://assets/images/largeIcon.png"}
