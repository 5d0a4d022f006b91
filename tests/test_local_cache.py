"""The default cache backend without Redis (config/cache.py): values that cannot change are kept
as they are, every other value is pickled, as Django's LocMemCache does."""

import pytest

from config.cache import LocMemCache


@pytest.fixture
def store():
    made = LocMemCache("tests-local-cache", {"OPTIONS": {"MAX_ENTRIES": 100}})
    made.clear()
    yield made
    made.clear()


def test_a_value_of_immutable_parts_is_kept_as_it_is(store):
    tree = (7, b"<li>" * 1000, None, "text", 1.5, True, (frozenset({1, 2}), b"x"))
    store.set("tree", tree)
    assert store.get("tree") is tree
    assert store.pickled_bytes() == 0


def test_a_value_that_can_change_is_a_copy(store):
    cards = {1: ("signature", "<li>")}
    listed = (1, [b"a"])
    store.set("cards", cards)
    store.set("listed", listed)
    cards[2] = "added after"
    listed[1].append(b"b")
    assert store.get("cards") == {1: ("signature", "<li>")}
    assert store.get("listed") == (1, [b"a"])
    assert store.get("cards") is not store.get("cards")
    assert store.pickled_bytes() > 0


def test_add_get_many_incr_and_expiry_work_on_both_kinds(store):
    assert store.add("n", 1)
    assert not store.add("n", 5)
    assert store.incr("n", 2) == 3
    assert store.get("n") == 3
    assert store.add("d", {"a": 1})
    store.set_many({"t": (1, b"x"), "l": [1]})
    assert store.get_many(["t", "l", "d", "missing"]) == {"t": (1, b"x"), "l": [1], "d": {"a": 1}}
    with pytest.raises(ValueError, match="not found"):
        store.incr("missing")
    store.set("gone", (1, b"x"), timeout=-1)
    assert store.get("gone", "default") == "default"


def test_many_at_once_expire_and_cull_as_one_at_a_time(store):
    store.set_many({f"k{n}": (n, b"x") for n in range(150)})
    assert len(store._cache) <= 100  # MAX_ENTRIES culls as it goes
    kept = store.get_many([f"k{n}" for n in range(150)])
    assert kept and all(value == (int(key[1:]), b"x") for key, value in kept.items())
    store.set_many({"old": [1], "new": (2,)}, timeout=-1)
    assert store.get_many(["old", "new"]) == {}
    assert "old" not in store._cache


def test_a_process_keeps_its_copies_within_their_bytes_newest_last():
    """comments.cache.LocalCopies: one at a time or many at once, the oldest go first once the
    bytes are over the limit, and the newest is kept however big."""
    from comments.cache import LocalCopies

    kept = LocalCopies(len, limit=10)
    kept.remember("a", b"xxxx")
    kept.remember_many({"b": b"xxxx", "c": b"xxxx"})
    assert list(kept) == ["b", "c"] and kept.bytes == 8
    assert kept.find("b") == b"xxxx"  # used: now the newest
    kept.remember_many({"c": b"yy", "d": b"zzzz"})  # "c" replaced, not added
    assert list(kept) == ["b", "c", "d"] and kept.bytes == 10
    kept.remember("e", b"x" * 50)
    assert list(kept) == ["e"] and kept.bytes == 50
