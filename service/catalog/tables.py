"""Reference tables mirrored from `catalogs/` so records can join on them."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Region(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=6)
    name: str = Field(max_length=64)
    parent_code: str | None = Field(default=None, max_length=6, index=True)
    level: int


class Chain(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=48)
    name: str = Field(max_length=128)
    chain_set: str = Field(max_length=32, index=True)
    region_code: str = Field(max_length=6)
    target_rate: float | None = None
    target_set_by: str = Field(default="", max_length=64)  # "" = from the catalog, else who set it


class ChainSegment(SQLModel, table=True):
    __tablename__ = "chain_segment"
    id: int | None = Field(default=None, primary_key=True)
    chain_code: str = Field(foreign_key="chain.code", index=True, max_length=48)
    code: str = Field(max_length=64)
    name: str = Field(max_length=128)
    stage: str = Field(max_length=16)


class Meta(SQLModel, table=True):
    """Small key/value facts: the catalog version loaded, the match-index version."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=256)
