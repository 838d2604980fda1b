"""The per-key rate limit: a burst up to the limit, then one request per 60/limit seconds."""

from graph_service.api.rate_limit import RateLimiter


def test_a_key_gets_its_allowance_back_over_the_minute() -> None:
    now = [0.0]
    limiter = RateLimiter(6, clock=lambda: now[0])  # one request every 10 s
    assert [limiter.acquire("crm") for _ in range(6)] == [None] * 6
    assert limiter.acquire("crm") == 10
    assert limiter.acquire("chamber") is None  # each key has its own
    now[0] = 4.0
    assert limiter.acquire("crm") == 6
    now[0] = 10.0
    assert limiter.acquire("crm") is None
    assert limiter.acquire("crm") == 10
