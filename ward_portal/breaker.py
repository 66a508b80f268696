"""A service that just failed is not asked again for a few seconds (a circuit breaker).

Redis that refuses or hangs costs each call its socket timeout; one request may make several
calls (rate limits, a few tasks to queue), and each request would pay again. After a failure
the breaker stays open for `seconds`: calls fail at once (the cache fails open, a task stays
pending for its sweep), and the next call after that tries the service again. Per process;
a race between threads only means one more try.
"""

from __future__ import annotations

import logging
import time

logger = logging.getLogger(__name__)


class Breaker:
    def __init__(self, name: str, seconds: float) -> None:
        self.name = name
        self.seconds = seconds
        self.open_until = 0.0

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self) -> None:
        if not self.is_open:
            logger.warning("%s unavailable: not asked again for %s s", self.name, self.seconds)
        self.open_until = time.monotonic() + self.seconds

    def reset(self) -> None:
        self.open_until = 0.0
