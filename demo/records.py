"""Records of the Xianning demo data set: what the generator returns and the specs it reads.

The four public records (enterprise, need, capability, purchase) are what `peitao demo` maps into
tables. The spec records (topic, owner, need line) hold the hand-written text the generator combines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class DemoEnterprise:
    key: str
    name: str
    credit_code: str
    region_code: str
    roles: tuple[str, ...]
    chain_codes: tuple[str, ...]
    tags: tuple[str, ...]
    industry_code: str
    contact_name: str
    contact_phone: str
    address: str
    description: str
    employees: int


@dataclass(frozen=True, slots=True)
class DemoNeed:
    key: str
    owner_key: str
    chain_code: str
    segment: str
    title: str
    description: str
    category: str
    yearly_quantity: float
    unit: str
    yearly_amount: float
    required_certifications: tuple[str, ...]
    current_suppliers: tuple[tuple[str, str], ...]
    status: str


@dataclass(frozen=True, slots=True)
class DemoCapability:
    key: str
    supplier_key: str
    title: str
    description: str
    category: str
    capacity: str
    min_order: str
    lead_time_days: int
    certifications: tuple[tuple[str, date], ...]


@dataclass(frozen=True, slots=True)
class DemoPurchase:
    owner_key: str
    item: str
    category: str
    supplier_name: str
    supplier_region: str
    amount: float
    period: str
    chain_code: str


@dataclass(frozen=True, slots=True)
class DemoDataset:
    enterprises: tuple[DemoEnterprise, ...]
    needs: tuple[DemoNeed, ...]
    capabilities: tuple[DemoCapability, ...]
    purchases: tuple[DemoPurchase, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    """One kind of thing owners buy and suppliers make, with the text both sides use for it.

    `local`, `metro` and `far` count the registered suppliers generated in Xianning, the Wuhan
    metro area and far provinces; `outside` counts unregistered out-of-region incumbents that only
    appear as current suppliers. `caps` are (title, description) templates; `{cap}` in a
    description is replaced by the chosen capacity.
    """

    key: str
    category: str
    segment: str
    cores: tuple[str, ...]
    scope: tuple[str, ...]
    caps: tuple[tuple[str, str], ...]
    capacity: tuple[str, ...]
    min_order: tuple[str, ...]
    lead_days: tuple[int, int]
    certs: tuple[str, ...] = ("ISO9001",)
    local: int = 2
    metro: int = 1
    far: int = 1
    outside: int = 1
    far_regions: tuple[str, ...] = ()
    chains: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NeedLine:
    """One hand-written line of an owner's target-supplier catalog."""

    topic: str
    title: str
    spec: str
    quantity: float
    unit: str
    unit_price: float
    certs: tuple[str, ...] = ()
    buys_per_year: int = 12


@dataclass(frozen=True, slots=True)
class Owner:
    key: str
    name: str
    region: str
    chain: str
    industry: str
    address: str
    description: str
    employees: int
    tags: tuple[str, ...]
    local_bias: float
    needs: tuple[NeedLine, ...]
