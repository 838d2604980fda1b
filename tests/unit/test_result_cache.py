"""The analytics' result cache stays under its bounds, by count and by size."""

from graph_service.services.result_cache import ResultCache, approximate_size


def test_the_least_recently_used_results_leave_first_when_too_many() -> None:
    cache = ResultCache(max_entries=3, max_bytes=10**9)
    for key in "abc":
        cache.store(key, key)
    assert cache.lookup("a") == (True, "a")  # a is now the most recent
    cache.store("d", "d")
    assert len(cache) == 3
    assert cache.lookup("b") == (False, None)
    assert [cache.lookup(k)[0] for k in "acd"] == [True, True, True]


def test_results_leave_when_their_size_passes_the_bound() -> None:
    def result(n: int) -> bytes:
        return b"x" * 10_000 + b"%03d" % n

    size = approximate_size(result(0))
    cache = ResultCache(max_entries=1000, max_bytes=3 * size)
    for n in range(50):
        cache.store(n, result(n))
        assert cache.size <= 3 * size
    assert len(cache) == 3
    assert cache.lookup(49)[0] and not cache.lookup(0)[0]


def test_a_result_larger_than_the_whole_bound_is_not_kept() -> None:
    cache = ResultCache(max_entries=10, max_bytes=100)
    cache.store("small", 1)
    cache.store("huge", "x" * 1000)
    assert cache.lookup("huge") == (False, None)
    assert cache.lookup("small") == (True, 1)
