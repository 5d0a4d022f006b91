"""The default cache backend when no REDIS_URL is set: Django's per-process LocMemCache, without
the check that each key would also suit memcached.

Django warns about keys memcached would refuse, a loop over every character of every key. Ours
are made by the code (comments/cache.py and friends), never stored in memcached, and a cold
page of a 10,000-comment discussion reads and writes about 6,000 of them: the check alone took
12 ms of it (`python -m benchmarks`, cold rows).
"""

from django.core.cache.backends import locmem


class LocMemCache(locmem.LocMemCache):
    def validate_key(self, key):
        """Any string is a key here (no memcached behind it)."""
