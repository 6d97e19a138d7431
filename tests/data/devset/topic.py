"""The record one hand-written capability topic is stored in (see ``topics_dev``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    family: str
    category: str
    needs: tuple[str, ...]
    specs: tuple[str, ...]
    core: tuple[str, ...]
    en: tuple[str, ...]
    extra: tuple[str, ...]
    adapt: tuple[str, ...]
    decoys: tuple[tuple[str, str], ...]  # (text, GB/T 4754 category); not relevant
    partial: tuple[tuple[str, str], ...]  # distributors and the like: grade 1
    related: tuple[str, ...]
    certs: tuple[str, ...]
    words: tuple[str, ...]  # words for company names ("" = the family's words)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((t, cat) for t, _, cat in (item.rpartition("@") for item in _split(text)))


def T(  # noqa: N802 - short constructor name keeps the phrase tables readable
    key: str,
    family: str,
    category: str,
    *,
    needs: str,
    specs: str,
    core: str,
    en: str = "",
    extra: str = "",
    adapt: str = "",
    decoys: str = "",
    partial: str = "",
    related: str = "",
    certs: str = "",
    words: str = "",
) -> Topic:
    return Topic(
        key=key,
        family=family,
        category=category,
        needs=_split(needs),
        specs=_split(specs),
        core=_split(core),
        en=_split(en),
        extra=_split(extra),
        adapt=_split(adapt),
        decoys=_pairs(decoys),
        partial=_pairs(partial),
        related=_split(related),
        certs=_split(certs),
        words=_split(words),
    )
