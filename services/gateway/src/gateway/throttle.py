"""Throttling of case look-ups by number + password, in Redis (shared by every gateway instance).

A case password has 31**6 values; without a limit, a script could try them. Every look-up counts
against the caller's address (per minute) and every failed one against the case number (per 15
minutes); over either limit the caller gets 429 with the time to wait.
"""

from __future__ import annotations

from fastapi import HTTPException

PER_ADDRESS_PER_MINUTE = 30
FAILURES_PER_CASE = 10
CASE_WINDOW_SECONDS = 15 * 60


class Throttled(HTTPException):
    pass


class LookupThrottle:
    def __init__(self, redis, *, per_address: int = PER_ADDRESS_PER_MINUTE, per_case: int = FAILURES_PER_CASE,
                 prefix: str = "civicase"):
        self.redis = redis
        self.prefix = prefix
        self.per_address = per_address
        self.per_case = per_case

    async def check(self, address: str, case_number: str) -> None:
        address_key = f"{self.prefix}:throttle:lookup:addr:{address}"
        pipe = self.redis.pipeline()
        pipe.incr(address_key)
        pipe.expire(address_key, 60, nx=True)
        pipe.get(f"{self.prefix}:throttle:lookup:case:{case_number}")
        pipe.ttl(f"{self.prefix}:throttle:lookup:case:{case_number}")
        count, _, failures, case_ttl = await pipe.execute()
        if int(count) > self.per_address:
            raise self._too_many("too many look-ups from your address; wait a minute and try again", 60)
        if failures is not None and int(failures) >= self.per_case:
            wait = max(int(case_ttl), 1)
            raise self._too_many(
                f"too many wrong passwords for this case; try again in {(wait + 59) // 60} minute(s)", wait
            )

    async def failed(self, address: str, case_number: str) -> None:
        key = f"{self.prefix}:throttle:lookup:case:{case_number}"
        pipe = self.redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, CASE_WINDOW_SECONDS, nx=True)
        await pipe.execute()

    @staticmethod
    def _too_many(message: str, retry_after: int) -> HTTPException:
        return Throttled(status_code=429, detail=message, headers={"Retry-After": str(retry_after)})
