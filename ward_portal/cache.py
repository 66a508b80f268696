"""Django's Redis cache behind a breaker (ward_portal/breaker.py): once Redis has failed, the
cache raises at once for a few seconds instead of waiting out a socket timeout per call, so a
Redis that refuses or hangs costs a request one timeout at most. Callers already treat a
cache error as "no cache" (rate limits fail open; import progress is a courtesy)."""

from __future__ import annotations

from typing import Any

import redis
from django.conf import settings
from django.core.cache.backends import redis as django_redis

from ward_portal.breaker import Breaker

BREAKER = Breaker("the cache (Redis)", getattr(settings, "REDIS_BREAKER_SECONDS", 10))


class _Client(redis.Redis):
    def execute_command(self, *args: Any, **options: Any) -> Any:
        if BREAKER.is_open:
            raise redis.ConnectionError("cache unavailable (breaker open)")
        try:
            return super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError):
            BREAKER.trip()
            raise


class _CacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._client = _Client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        self._class = _CacheClient
