"""Client addresses: which peer is asking, believing `X-Forwarded-For` only from trusted proxies."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network


@lru_cache(maxsize=64)
def _networks(entries: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(entry, strict=False) for entry in entries)


def address_in(address: str, entries: Iterable[str]) -> bool:
    """Whether `address` lies in one of `entries` (addresses or CIDR networks)."""
    try:
        ip = ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(entries)))


def client_address(peer: str, forwarded_for: str, trusted_proxies: tuple[str, ...]) -> str:
    """The address of the client. A proxy appends the address it received from, so the list is
    read from the right: each hop added by a trusted proxy is believed, and the first address not
    of a trusted proxy is the client. From any other peer the header is ignored: a client could
    write anything into it."""
    if not forwarded_for or not address_in(peer, trusted_proxies):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not address_in(hop, trusted_proxies):
            return hop if _is_address(hop) else peer
    return hops[0] if hops and _is_address(hops[0]) else peer


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True
