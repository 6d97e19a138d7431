"""Settings: one class, `PEITAO_` environment prefix, built by `get_settings()` (never at import)."""

from __future__ import annotations

from functools import cache
from ipaddress import ip_network
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from matching import MatchConfig

DEFAULT_SECRET = "dev-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PEITAO_", env_file=".env", extra="ignore")

    environment: str = "development"  # development | production
    database_url: str = f"sqlite:///{Path('var') / 'peitao.db'}"
    home_region: str = "421200"  # 咸宁市
    near_regions: tuple[str, ...] | None = None  # None: the catalog's default near area for home
    chain_set: str = "xianning"
    secret_key: str = DEFAULT_SECRET
    # Similarity thresholds (rapidfuzz ratio, 0-100): two firm names are one firm (registration,
    # import) at or above the first; a ledger supplier name links to a registered enterprise at or
    # above the second; a ledger line is bought for a need's item (projected rate) at or above the
    # third, comparing item keys.
    duplicate_name_threshold: float = 95.0
    ledger_link_threshold: float = 92.0
    item_match_ratio: float = 85.0
    # The engine's weights, ranges and refit rule: JSON in PEITAO_MATCH_CONFIG, fields left out
    # keep their defaults, old field names are still read (MatchConfig.from_json).
    match_config: MatchConfig = Field(default_factory=MatchConfig)
    match_top: int = 10
    # Pair-score thresholds, read from the real dev sets (`python bench/threshold_sweep.py`; the
    # README says what each word means). Qualified: a candidate at or above it is more likely
    # relevant than not on every set (precision 0.55-0.88); a home-region one counts as a local
    # alternative (gaps, single-source risk).
    qualified_match_score: float = 0.35
    # Strong: announced to both sides (notifications); precision 0.61-0.92 where the need's own
    # product is among the firms. (0.5 is out of reach of the engine's score scale since its BM25
    # weighting: no real dev result, and not a need copied word for word, scores that much.)
    strong_match_score: float = 0.4
    # Opportunities: needs fitting a supplier less than this are not worth its time (the floor
    # keeps 29-71 % of the relevant results in the top 50).
    opportunity_min_score: float = 0.2
    # Suggestions stored per open need (the first stage of the pipeline funnel).
    suggestions_per_need: int = 5
    # Threads per worker process for request handlers. Python runs one thread at a time, and
    # dozens of threads competing for it cost more than they overlap database waits: measured with
    # bench/load.py on one worker, 6 threads served 29 % and 8 threads 16 % more requests per
    # second than anyio's default 40 (single runs, same minute).
    worker_threads: int = Field(default=8, ge=1, le=64)
    # Failed sign-ins an account, or a client address, may have in the window before it must wait.
    login_max_failures: int = Field(default=10, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)
    # Addresses (or CIDR networks) of reverse proxies whose X-Forwarded-For is believed.
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    # /docs and /openapi.json: None means on in development, off in production.
    public_docs: bool | None = None
    # /metrics answers these addresses (or networks), and any client with this bearer token.
    metrics_allow: Annotated[tuple[str, ...], NoDecode] = ("127.0.0.1", "::1")
    metrics_token: str = ""

    @field_validator("near_regions", "trusted_proxies", "metrics_allow", mode="before")
    @classmethod
    def _split_codes(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(c.strip() for c in value.split(",") if c.strip())
        return value

    @field_validator("match_config", mode="before")
    @classmethod
    def _read_match_config(cls, value: object) -> object:
        if isinstance(value, str | dict):
            return MatchConfig.from_json(value)
        return value

    @field_validator("trusted_proxies", "metrics_allow")
    @classmethod
    def _valid_networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for entry in value:
            ip_network(entry, strict=False)  # ValueError names the bad entry
        return value

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET:
            raise ValueError("PEITAO_SECRET_KEY must be set to a real secret in production")
        return self

    @property
    def docs_public(self) -> bool:
        return self.environment != "production" if self.public_docs is None else self.public_docs

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def resolved_near_regions(self) -> tuple[str, ...]:
        if self.near_regions is not None:
            return self.near_regions
        from catalogs.regions import default_near_area

        return tuple(default_near_area(self.home_region))


@cache
def get_settings() -> Settings:
    return Settings()
