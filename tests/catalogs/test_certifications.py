"""Certification catalog, normalisation of how people write them, and free-text extraction."""

from __future__ import annotations

import pytest

from catalogs.certifications import (
    CertificationCatalog,
    extract_certifications,
    load_certifications,
    normalize_certification,
)
from catalogs.regions import CatalogError


def test_catalog_keeps_reference_rows_and_additions() -> None:
    catalog = load_certifications()
    assert len(catalog) == 55  # 47 reference rows + 8 additions (SOURCES.md)
    for code in ("ISO9001", "IATF16949", "ISO14001", "ISO45001", "ISO13485", "AS9100", "CCC"):
        assert catalog.exists(code)
    for code in ("GB/T29490", "HNTE", "GJB9001C", "CRCC", "NADCAP", "EMISSION-PERMIT"):
        assert catalog.exists(code)
    ccc = catalog.get("ccc")
    assert ccc is not None
    assert (ccc.kind, ccc.scope, ccc.mandatory_in_china) == (
        "product_certification",
        "china",
        "conditional",
    )
    assert catalog.all()[0].code == "ISO9001"
    assert catalog.get("ISO9999") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ISO 9001:2015", "ISO9001"),
        ("ISO9001", "ISO9001"),
        ("iso9001质量体系", "ISO9001"),
        ("ＩＳＯ９００１", "ISO9001"),  # full-width
        ("GB/T 19001-2016", "ISO9001"),
        ("ISO 9001：2015版", "ISO9001"),
        ("质量管理体系认证", "ISO9001"),
        ("IATF 16949", "IATF16949"),
        ("IATF16949:2016", "IATF16949"),
        ("TS16949", "IATF16949"),
        ("ISO/TS 16949:2009", "IATF16949"),
        ("汽车行业质量管理体系", "IATF16949"),
        ("3C", "CCC"),
        ("3C认证", "CCC"),
        ("ccc", "CCC"),
        ("ISO13485", "ISO13485"),
        ("医疗器械质量管理体系", "ISO13485"),
        ("AS 9100D", "AS9100"),
        ("EN9100", "AS9100"),
        ("OHSAS 18001", "ISO45001"),
        ("iso 45001-2018", "ISO45001"),
        ("ISO/IEC 27001", "ISO27001"),
        ("ISO 20000-1:2018", "ISO20000-1"),
        ("GB/T 29490", "GB/T29490"),
        ("知识产权贯标", "GB/T29490"),
        ("国家高新技术企业", "HNTE"),
        ("GJB9001C-2017", "GJB9001C"),
        ("hnte", "HNTE"),
        ("CE", "CE"),
        ("UL认证", "UL"),
        ("食品生产许可证", "SC"),
        ("排污许可证", "EMISSION-PERMIT"),
        ("ISO9001/ISO14001", None),  # two certifications: use extract_certifications
        ("品质保证", None),
        ("", None),
        ("3C数码", None),  # consumer electronics, not the CCC mark
    ],
)
def test_normalize(text: str, code: str | None) -> None:
    assert normalize_certification(text) == code


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("通过IATF 16949质量管理体系认证，产品获3C认证", ("IATF16949", "CCC")),
        (
            "公司通过ISO9001、ISO14001、ISO45001三体系认证，获评国家高新技术企业、专精特新小巨人，"
            "产品符合RoHS及REACH要求，出口取得CE和UL认证",
            ("ISO9001", "ISO14001", "ISO45001", "HNTE", "SRDI", "ROHS", "REACH", "CE", "UL"),
        ),
        ("ISO 9001:2015质量管理体系；汽车质量管理体系", ("ISO9001", "IATF16949")),
        ("已通过质量体系认证，ISO9001复审中", ("ISO9001",)),
        ("主营3C数码配件，价格(PRICE)优惠，Ultra系列，可reach客户，开放API接口", ()),
        ("位于国家高新技术产业开发区", ()),
        ("具备CNAS认可实验室和CMA资质，执行ISO/IEC 17025", ("CNAS", "CMA", "ISO17025")),
        ("", ()),
    ],
)
def test_extract(text: str, codes: tuple[str, ...]) -> None:
    assert extract_certifications(text) == codes


def test_every_catalog_code_normalises_to_itself() -> None:
    for item in load_certifications():
        assert normalize_certification(item.code) == item.code
        assert normalize_certification(item.code.lower()) == item.code


def test_every_chinese_name_is_recognised() -> None:
    for item in load_certifications():
        assert item.code in extract_certifications(item.name_zh), item.name_zh


class TestValidation:
    ROW = {
        "code": "ISO9001",
        "name_en": "ISO 9001",
        "name_zh": "ISO 9001 质量管理体系",
        "kind": "management_system",
        "sector": "all",
        "scope": "international",
        "mandatory_in_china": "no",
        "issuing_body": "ISO",
    }

    def test_duplicate(self) -> None:
        with pytest.raises(CatalogError, match="认证代码重复：ISO9001"):
            CertificationCatalog.from_rows([self.ROW, self.ROW])

    def test_bad_enum(self) -> None:
        with pytest.raises(CatalogError, match="kind 取值无效"):
            CertificationCatalog.from_rows([{**self.ROW, "kind": "badge"}])
        with pytest.raises(CatalogError, match="mandatory_in_china 取值无效"):
            CertificationCatalog.from_rows([{**self.ROW, "mandatory_in_china": "maybe"}])

    def test_missing_column(self) -> None:
        row = dict(self.ROW)
        del row["scope"]
        with pytest.raises(CatalogError, match="缺少列：scope"):
            CertificationCatalog.from_rows([row])
