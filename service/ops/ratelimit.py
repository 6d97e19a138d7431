"""Login throttling: too many failed sign-ins from one client in a window, and it must wait.

Failures are counted per (client address, login path) in a sliding window; a success clears the
count. Each process keeps its own counts (with N workers a client gets at most N × the limit)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

LOGIN_PATHS = frozenset({"/api/v1/auth/token", "/login"})


class LoginRateLimiter:
    def __init__(
        self,
        *,
        max_failures: int = 10,
        window_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        stamps = self._failures.setdefault(key, deque())
        while stamps and now - stamps[0] >= self.window_seconds:
            stamps.popleft()
        return stamps

    def retry_after(self, key: str) -> int:
        """Seconds this client must wait before trying again; 0 when it may try now."""
        with self._lock:
            now = self._clock()
            stamps = self._recent(key, now)
            if len(stamps) < self.max_failures:
                if not stamps:
                    self._failures.pop(key, None)
                return 0
            return max(1, int(stamps[0] + self.window_seconds - now + 0.999))

    def failed(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            self._recent(key, now).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
