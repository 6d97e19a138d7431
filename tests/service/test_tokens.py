"""Bearer tokens: a signature is checked once per token, the expiry on every request."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.accounts import security
from service.accounts.security import create_token, user_id_from_token

SECRET = "token-test-secret-with-at-least-32-bytes"


def test_a_token_accepted_once_is_refused_after_it_expires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = create_token(7, SECRET, lifetime=timedelta(minutes=5))
    assert user_id_from_token(token, SECRET) == 7
    now = security.time.time()
    monkeypatch.setattr(security.time, "time", lambda: now + 301)
    assert user_id_from_token(token, SECRET) is None


def test_another_key_or_a_changed_token_is_refused() -> None:
    token = create_token(7, SECRET)
    assert user_id_from_token(token, SECRET) == 7
    assert user_id_from_token(token, SECRET.replace("token", "other")) is None
    header, payload, signature = token.split(".")
    forged = create_token(8, SECRET).split(".")[1]
    assert user_id_from_token(f"{header}.{forged}.{signature}", SECRET) is None
    assert user_id_from_token("not-a-token", SECRET) is None
