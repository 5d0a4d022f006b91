"""Password guessing is slowed per account and per address, on our sign-in page and the admin's."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # tests/factories.py


@pytest.fixture
def account(db):
    return UserFactory(username="reader")


def sign_in(client, username, password, ip="203.0.113.7", url=None):
    return client.post(
        url or reverse("identities:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(client, account):
    for _ in range(5):
        response = sign_in(client, "reader", "wrong")
        assert response.status_code == 200
        assert "enter a correct username and password" in response.content.decode()

    response = sign_in(client, "reader", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    html = response.content.decode()
    assert "Too many failed sign-in attempts for this account. Try again in 15 minutes" in html
    assert not signed_in(client)


def test_the_lock_lifts_when_the_window_ends(client, account):
    with time_machine.travel(datetime.datetime(2030, 1, 1, 12, 0), tick=False) as clock:
        for _ in range(6):
            sign_in(client, "reader", "wrong")
        clock.shift(datetime.timedelta(minutes=10))
        response = sign_in(client, "reader", PASSWORD)
        assert response.status_code == 429
        assert "Try again in 5 minutes" in response.content.decode()
        clock.shift(datetime.timedelta(minutes=5, seconds=1))
        response = sign_in(client, "reader", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_account_count_ignores_case(client, account):
    for name in ["reader", "READER", "Reader", "rEaDeR", "reader"]:
        sign_in(client, name, "wrong")
    response = sign_in(client, "reader", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_a_stranger_cannot_lock_the_owner_out_from_elsewhere(client, account):
    """Counted per account *and* address (as django-axes does): guesses from one address stop
    that address for that account, never the owner signing in from their own."""
    for _ in range(10):
        sign_in(client, "reader", "wrong", ip="198.51.100.66")
    assert sign_in(client, "reader", PASSWORD, ip="198.51.100.66").status_code == 429
    assert sign_in(client, "reader", PASSWORD, ip="192.0.2.200").status_code == 302
    assert signed_in(client)


def test_one_address_may_not_try_many_accounts_past_its_ceiling(client, account):
    """The per-address ceiling: five guesses for each of many names still stop at twenty."""
    answers = [
        sign_in(client, f"name{n // 5}", "wrong", ip="203.0.113.50").status_code for n in range(21)
    ]
    assert answers[:20] == [200] * 20 and answers[20] == 429


def test_a_success_clears_the_account_count(client, account):
    for _ in range(4):
        sign_in(client, "reader", "wrong")
    assert sign_in(client, "reader", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "reader", "wrong")
    assert sign_in(client, "reader", PASSWORD).status_code == 302


def test_unknown_accounts_are_counted_like_real_ones(client):
    """The answer does not tell whether an account exists."""
    for _ in range(5):
        sign_in(client, "nobody-here", "wrong")
    response = sign_in(client, "nobody-here", "wrong")
    assert response.status_code == 429
    assert "for this account" in response.content.decode()


def test_twenty_failures_from_one_address_stop_that_address_only(client, account):
    for n in range(20):
        sign_in(client, f"guess{n}", "wrong", ip="203.0.113.9")
    response = sign_in(client, "reader", PASSWORD, ip="203.0.113.9")
    assert response.status_code == 429
    assert "from your network. Try again in 15 minutes" in response.content.decode()
    assert sign_in(client, "reader", PASSWORD, ip="203.0.113.10").status_code == 302


def test_an_ipv6_network_counts_as_one_address(client, account):
    for n in range(20):
        sign_in(client, f"guess{n}", "wrong", ip=f"2001:db8:1:2::{n + 1:x}")
    assert sign_in(client, "reader", PASSWORD, ip="2001:db8:1:2::ffff").status_code == 429
    assert sign_in(client, "reader", PASSWORD, ip="2001:db8:1:3::1").status_code == 302


def test_successful_sign_ins_do_not_use_up_the_address(client):
    """An office behind one address signs in all morning without being locked out."""
    for user in UserFactory.create_batch(25):
        assert sign_in(client, user.username, PASSWORD, ip="192.0.2.1").status_code == 302
        client.logout()


def test_incomplete_forms_are_not_counted(client, account):
    for _ in range(10):
        client.post(reverse("identities:login"), {"username": "reader", "password": ""})
    assert sign_in(client, "reader", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(5):
        assert sign_in(client, "boss", "wrong", url=url).status_code == 200
    response = sign_in(client, "boss", PASSWORD, url=url)
    assert "Too many failed sign-in attempts for this account" in response.content.decode()
    assert not signed_in(client)


def test_the_sign_in_url_keeps_its_name(client):
    assert reverse("identities:login") == "/accounts/login/"
    assert client.get(reverse("identities:login")).status_code == 200
