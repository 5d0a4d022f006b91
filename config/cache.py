"""The default cache backend when no REDIS_URL is set: Django's per-process LocMemCache, without
the check that each key would also suit memcached, and without pickling values that cannot
change.

Django warns about keys memcached would refuse, a loop over every character of every key. Ours
are made by the code (comments/cache.py and friends), never stored in memcached, and a cold
page of a 10,000-comment discussion reads and writes about 6,000 of them: the check alone took
12 ms of it (`python -m benchmarks`, cold rows).

LocMemCache pickles every value so that nobody changes what another caller reads. A value made
only of immutable parts (bytes, strings, numbers, None, and tuples and frozensets of them) cannot
be changed, so it is kept as it is: a cold page stores 2,956 trees of a 10,000-comment
discussion (18 MB of HTML) that this process also keeps unpickled (comments/cache.py,
`LocalCopies`); pickling them was a tenth of the page's time, and a second copy of its bytes.
"""

import pickle

from django.core.cache.backends import locmem
from django.core.cache.backends.base import DEFAULT_TIMEOUT

_ATOMS = frozenset((bytes, str, int, float, bool, type(None)))
_FROZEN = frozenset((tuple, frozenset))


def _immutable(value, depth=0) -> bool:
    kind = type(value)
    if kind in _ATOMS:
        return True
    if kind not in _FROZEN or depth > 3:  # subclasses too: they may hold anything
        return False
    for item in value:  # noqa: SIM110 - a loop: faster than all() over a generator
        if type(item) not in _ATOMS and not _immutable(item, depth + 1):
            return False
    return True


class _Kept:
    """A value stored as it is (`_immutable()`), among pickled ones."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class LocMemCache(locmem.LocMemCache):
    def validate_key(self, key):
        """Any string is a key here (no memcached behind it)."""

    def _stored(self, value):
        if _immutable(value):
            return _Kept(value)
        return pickle.dumps(value, self.pickle_protocol)

    @staticmethod
    def _value(stored):
        if type(stored) is _Kept:
            return stored.value
        return pickle.loads(stored)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        stored = self._stored(value)
        with self._lock:
            if self._has_expired(key):
                self._set(key, stored, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            stored = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return self._value(stored)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        stored = self._stored(value)
        with self._lock:
            self._set(key, stored, timeout)

    def get_many(self, keys, version=None):
        """As `get()` for each key, under one hold of the lock (a cold page asks for thousands)."""
        made = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = {}
        with self._lock:
            for key, asked in made.items():
                if self._has_expired(key):
                    self._delete(key)
                    continue
                found[asked] = self._cache[key]
                self._cache.move_to_end(key, last=False)
        return {key: self._value(stored) for key, stored in found.items()}

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """As `set()` for each item, under one hold of the lock, all expiring together."""
        stored = [
            (self.make_and_validate_key(key, version=version), self._stored(value))
            for key, value in data.items()
        ]
        expires = self.get_backend_timeout(timeout)
        entries, expiry = self._cache, self._expire_info
        with self._lock:
            for key, value in stored:  # locmem's `_set()`, the expiry worked out once
                if len(entries) >= self._max_entries:
                    self._cull()
                entries[key] = value
                entries.move_to_end(key, last=False)
                expiry[key] = expires
        return []

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            value = self._value(self._cache[key]) + delta
            self._cache[key] = self._stored(value)
            self._cache.move_to_end(key, last=False)
        return value

    def pickled_bytes(self) -> int:
        """Bytes of the pickled values held (a value kept as it is holds no copy of its own)."""
        return sum(len(stored) for stored in self._cache.values() if type(stored) is not _Kept)
