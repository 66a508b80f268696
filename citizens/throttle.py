"""Rate limits for what the public can send (the feedback form, case tracking, Open311):
django-ratelimit counting in the Redis cache, failing open, so that a cache outage never
blocks or breaks a citizen's submission."""

from __future__ import annotations

import logging

from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)


def limited(request, group: str, key, rate: str) -> bool:
    """Counts this request and tells whether it is over the rate. RATELIMIT_FAIL_OPEN covers
    the library's own errors; this covers the cache client raising."""
    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
    except Exception:
        logger.warning("rate limit check skipped: cache unavailable", exc_info=True)
        return False
