"""Passwords (argon2) and API bearer tokens (signed JWT)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
TOKEN_ALGORITHM = "HS256"
TOKEN_LIFETIME = timedelta(hours=12)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_token(
    user_id: int, secret: str, *, session_version: int = 0, lifetime: timedelta = TOKEN_LIFETIME
) -> str:
    """A bearer token for this user, valid until it expires or the user's session version moves
    on (logout, password change, deactivation)."""
    now = datetime.now(UTC)
    payload = {"sub": str(user_id), "sv": session_version, "iat": now, "exp": now + lifetime}
    return jwt.encode(payload, secret, algorithm=TOKEN_ALGORITHM)


def token_session(token: str, secret: str) -> tuple[int, int] | None:
    """The user a token was issued to and the session version it was issued under, while it is
    valid. Each client sends the same token with every request: its signature is checked once,
    its expiry every time."""
    claims = _verified_claims(token, secret)
    if claims is None or claims[2] <= time.time():
        return None
    return claims[0], claims[1]


def user_id_from_token(token: str, secret: str) -> int | None:
    """The user a token was issued to, while it is valid (whatever its session version)."""
    found = token_session(token, secret)
    return found[0] if found else None


@lru_cache(maxsize=4096)
def _verified_claims(token: str, secret: str) -> tuple[int, int, float] | None:
    try:
        payload = jwt.decode(token, secret, algorithms=[TOKEN_ALGORITHM])
        return int(payload["sub"]), int(payload.get("sv", 0)), float(payload["exp"])
    except (jwt.PyJWTError, KeyError, ValueError, TypeError):
        return None
