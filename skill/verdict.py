"""The crisis screen's verdict, apart from the screen (skill/safety.py) that reaches it.

A turn with nothing to read (no slot, or only our own catalogue's words) needs the verdict type
but not the hundreds of rules that fill one: so skill/hearing.py can say "clear" without loading
the screen, and a cold start or a quiet session never compiles it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Screen:
    crisis: bool = False
    harm_by_other: bool = False  # someone (a partner, a family member...) hurting or threatening them
    sure: bool = True  # False: only the third reader heard it (the answer asks rather than presumes)


CLEAR = Screen()
