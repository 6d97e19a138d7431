"""Xianning demo data set: invented suppliers, needs, capabilities and ledger lines.

Illustrative only: the chain owners are the firms the Xianning plan 2026–2030 names, but their
registered names, credit codes, amounts, suppliers and contacts are invented.

>>> from demo import build_demo_dataset
>>> ds = build_demo_dataset(seed=20261130)
>>> ds == build_demo_dataset(seed=20261130)
True
"""

from demo.generate import DEFAULT_SEED, build_demo_dataset
from demo.records import (
    DemoCapability,
    DemoDataset,
    DemoEnterprise,
    DemoNeed,
    DemoPurchase,
)

__all__ = [
    "DEFAULT_SEED",
    "DemoCapability",
    "DemoDataset",
    "DemoEnterprise",
    "DemoNeed",
    "DemoPurchase",
    "build_demo_dataset",
]
