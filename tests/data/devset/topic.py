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
    decoys: tuple[tuple[str, str], ...]  # (text, GB/T 4754 category)
    related: tuple[str, ...]
    certs: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


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
    related: str = "",
    certs: str = "",
) -> Topic:
    decoy_pairs = tuple(
        (text, cat) for text, _, cat in (item.rpartition("@") for item in _split(decoys))
    )
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
        decoys=decoy_pairs,
        related=_split(related),
        certs=_split(certs),
    )
