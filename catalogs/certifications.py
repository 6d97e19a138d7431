"""Certifications and qualifications seen in manufacturing supply chains, and how people write them.

The catalog is ``catalogs/data/certifications.csv`` (read on first use, cached). Suppliers and
chain owners write the same certificate many ways ("ISO 9001:2015", "iso9001质量体系",
"TS16949", "3C认证"); :func:`normalize_certification` maps one such text to a catalog code and
:func:`extract_certifications` finds every code mentioned in a free text.

>>> normalize_certification("ISO 9001:2015"), normalize_certification("TS16949")
('ISO9001', 'IATF16949')
>>> extract_certifications("通过IATF 16949质量管理体系认证，产品获3C认证")
('IATF16949', 'CCC')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Literal

from catalogs.regions import CatalogError, read_data_csv

__all__ = [
    "Certification",
    "CertificationCatalog",
    "extract_certifications",
    "load_certifications",
    "normalize_certification",
]

Kind = Literal[
    "management_system", "product_certification", "regulatory", "qualification", "accreditation"
]
Scope = Literal["international", "china", "eu", "us"]
Mandatory = Literal["yes", "no", "conditional"]
_KINDS = frozenset(Kind.__args__)  # type: ignore[attr-defined]
_SCOPES = frozenset(Scope.__args__)  # type: ignore[attr-defined]
_MANDATORY = frozenset(Mandatory.__args__)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Certification:
    """One certification, licence or qualification.

    ``mandatory_in_china`` is ``yes``, ``no`` or ``conditional`` (required only for catalogued
    products or activities, like CCC or the food production licence).
    """

    code: str
    name_en: str
    name_zh: str
    kind: Kind
    sector: str
    scope: Scope
    mandatory_in_china: Mandatory
    issuing_body: str = ""


class CertificationCatalog:
    """The validated list of certifications, by code."""

    def __init__(self, items: Iterable[Certification]) -> None:
        by_code: dict[str, Certification] = {}
        for item in items:
            if item.code in by_code:
                raise CatalogError(f"认证代码重复：{item.code}")
            by_code[item.code] = item
        self._by_code: Mapping[str, Certification] = MappingProxyType(by_code)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> CertificationCatalog:
        """Build from CSV-like rows (columns of certifications.csv); validates them."""
        return cls(_certification_from_row(i, row) for i, row in enumerate(rows, start=2))

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Certification]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Certification | None:
        """The certification with this catalog code, or None."""
        return self._by_code.get(code.strip().upper())

    def exists(self, code: str) -> bool:
        """True when ``code`` is a catalog code (use normalize_certification for free text)."""
        return code.strip().upper() in self._by_code

    def all(self) -> tuple[Certification, ...]:
        """Every certification, in file order."""
        return tuple(self._by_code.values())


def _certification_from_row(line: int, row: Mapping[str, str]) -> Certification:
    try:
        values = {k: (row[k] or "").strip() for k in _COLUMNS}
    except KeyError as exc:
        raise CatalogError(f"certifications 第{line}行缺少列：{exc.args[0]}") from exc
    if not values["code"] or values["code"] != values["code"].upper():
        raise CatalogError(f"certifications 第{line}行：代码应为非空大写：{values['code']!r}")
    if not values["name_zh"] or not values["name_en"]:
        raise CatalogError(f"certifications 第{line}行：名称为空（{values['code']}）")
    for column, allowed in (
        ("kind", _KINDS),
        ("scope", _SCOPES),
        ("mandatory_in_china", _MANDATORY),
    ):
        if values[column] not in allowed:
            raise CatalogError(f"certifications 第{line}行：{column} 取值无效：{values[column]!r}")
    return Certification(
        code=values["code"],
        name_en=values["name_en"],
        name_zh=values["name_zh"],
        kind=values["kind"],  # type: ignore[arg-type]
        sector=values["sector"],
        scope=values["scope"],  # type: ignore[arg-type]
        mandatory_in_china=values["mandatory_in_china"],  # type: ignore[arg-type]
        issuing_body=values["issuing_body"],
    )


_COLUMNS = (
    "code",
    "name_en",
    "name_zh",
    "kind",
    "sector",
    "scope",
    "mandatory_in_china",
    "issuing_body",
)


@cache
def load_certifications() -> CertificationCatalog:
    """The catalog from ``catalogs/data/certifications.csv``; checks that every alias pattern
    below names a catalog code and every catalog code has at least one pattern."""
    catalog = CertificationCatalog.from_rows(read_data_csv("certifications.csv"))
    unknown = sorted(set(_ALIASES) - {c.code for c in catalog})
    missing = sorted({c.code for c in catalog} - set(_ALIASES))
    if unknown or missing:
        raise CatalogError(f"认证别名与目录不一致：未知代码 {unknown}，缺少别名 {missing}")
    return catalog


# ---------------------------------------------------------------------------------------------
# How people write them. Texts are NFKC-folded first (full-width → ASCII); patterns ignore case
# unless marked case-sensitive (short acronyms that are also words: CE, UL, REACH).

_L = r"(?<![A-Za-z0-9])"  # left boundary for Latin codes
_D = r"(?![0-9])"  # right boundary after a number (letters may follow: AS9100D, GJB9001C)
_A = r"(?![A-Za-z0-9])"  # right boundary after an acronym
_GBT = r"GB\s*/?\s*T\s*"
_ISO = r"ISO\s*(?:/\s*(?:IEC|TS)\s*)?[-:]?\s*"


@dataclass(frozen=True, slots=True)
class _Alias:
    code: str
    pattern: re.Pattern[str]
    generic: bool  # a generic phrase that sector-specific names contain (质量管理体系)


def _aliases(
    code: str, *patterns: str, cs: tuple[str, ...] = (), generic: tuple[str, ...] = ()
) -> tuple[str, tuple[_Alias, ...]]:
    found = [_Alias(code, re.compile(p, re.IGNORECASE), False) for p in patterns]
    found += [_Alias(code, re.compile(p), False) for p in cs]
    found += [_Alias(code, re.compile(p, re.IGNORECASE), True) for p in generic]
    return code, tuple(found)


_ALIASES: Mapping[str, tuple[_Alias, ...]] = MappingProxyType(
    dict(
        [
            _aliases(
                "ISO9001",
                _L + _ISO + r"900[01]" + _D,
                _L + _GBT + r"19001" + _D,
                generic=(r"质量管理体系", r"质量体系"),
            ),
            _aliases(
                "ISO14001",
                _L + _ISO + r"14001" + _D,
                _L + _GBT + r"24001" + _D,
                r"环境管理体系",
                r"环境体系",
            ),
            _aliases(
                "ISO45001",
                _L + _ISO + r"45001" + _D,
                _L + _GBT + r"(?:45001|28001)" + _D,
                _L + r"OHSAS\s*18001" + _D,
                r"职业健康安全(?:管理)?体系",
            ),
            _aliases(
                "ISO50001", _L + _ISO + r"50001" + _D, _L + _GBT + r"23331" + _D, r"能源管理体系"
            ),
            _aliases(
                "ISO27001",
                _L + _ISO + r"27001" + _D,
                _L + _GBT + r"22080" + _D,
                r"信息安全管理体系",
            ),
            _aliases(
                "ISO20000-1", _L + _ISO + r"20000(?:-1)?" + _D, r"(?:信息技术|IT)服务管理体系"
            ),
            _aliases(
                "ISO10012", _L + _ISO + r"10012" + _D, _L + _GBT + r"19022" + _D, r"测量管理体系"
            ),
            _aliases(
                "IATF16949",
                _L + r"IATF\s*16949" + _D,
                _L + r"(?:ISO\s*/?\s*)?TS\s*16949" + _D,
                r"汽车(?:行业)?质量管理体系",
            ),
            _aliases(
                "AS9100",
                _L + r"(?:AS|EN|JISQ)\s*(?:/\s*EN\s*)?9100" + _D,
                r"航空(?:航天)?(?:行业)?质量管理体系",
            ),
            _aliases(
                "ISO13485",
                _L + _ISO + r"13485" + _D,
                _L + r"YY\s*/?\s*T\s*0287" + _D,
                r"医疗器械质量管理体系",
            ),
            _aliases(
                "ISO22163",
                _L + _ISO + r"22163" + _D,
                _L + r"TS\s*22163" + _D,
                _L + r"IRIS" + _A,
                r"轨道交通(?:行业)?质量管理体系",
            ),
            _aliases("ISO3834", _L + _ISO + r"3834" + _D, r"焊接质量(?:管理)?体系"),
            _aliases(
                "ISO22000",
                _L + _ISO + r"22000" + _D,
                _L + _GBT + r"22000" + _D,
                r"食品安全管理体系",
            ),
            _aliases("HACCP", _L + r"HACCP" + _A, r"危害分析与?关键控制点"),
            _aliases("FSSC22000", _L + r"FSSC\s*22000" + _D),
            _aliases("SA8000", _L + r"SA\s*8000" + _D, r"社会责任管理体系"),
            _aliases("ISO17025", _L + _ISO + r"17025" + _D, _L + _GBT + r"27025" + _D),
            _aliases("CNAS", _L + r"CNAS" + _A, r"实验室认可"),
            _aliases("CMA", _L + r"CMA" + _A, r"检验检测机构资质认定", r"计量认证"),
            _aliases(
                "CCC",
                _L + r"CCC" + _A,
                _L + r"3C\s*(?:认证|证书|标志|强制)",
                r"强制性产品认证",
                r"强制性认证",
            ),
            _aliases("CQC", _L + r"CQC" + _A, r"自愿性产品认证"),
            _aliases("CEL", r"能效标识", r"能源效率标识", r"能效标签"),
            _aliases("IPL", r"工业产品生产许可"),
            _aliases("TS", r"特种设备[^，,；;。、\s]{0,8}许可"),
            _aliases("SC", r"食品生产许可", _L + r"SC\s*(?:认证|证书?|编号|许可)"),
            _aliases("GMP", _L + r"C?GMP" + _A, r"药品生产质量管理规范"),
            _aliases("MD-LICENCE", r"医疗器械(?:产品)?(?:生产)?(?:许可|注册证|备案)"),
            _aliases("GB/T29490", _L + _GBT + r"29490" + _D, r"知识产权管理体系", r"知识产权贯标"),
            _aliases("GB/T23001", _L + _GBT + r"23001" + _D, r"两化融合"),
            _aliases("WORK-SAFETY-STD", r"安全生产标准化"),
            _aliases("HNTE", r"高新技术企业", r"高新企业"),
            _aliases("SRDI", r"专精特新", r"小巨人"),
            _aliases(
                "CE",
                _L + r"CE\s*(?:认证|标志|证书|marking|mark)",
                cs=(_L + r"CE" + r"(?![A-Za-z])",),
            ),
            _aliases("ROHS", _L + r"ROHS" + _A, r"有害物质限制使用"),
            _aliases(
                "REACH",
                _L + r"REACH\s*(?:法规|认证|注册|检测|合规)",
                cs=(_L + r"REACH" + _A,),
            ),
            _aliases("UL", _L + r"UL\s*(?:认证|证书|listed|certified)", cs=(_L + r"UL" + _A,)),
            _aliases("FCC", _L + r"FCC" + _A),
            _aliases("ASME", _L + r"ASME" + _A),
            _aliases(
                "API", _L + r"API\s*(?:SPEC\s*)?Q1" + _D, _L + r"API\s*(?:会标|monogram|认证)"
            ),
            _aliases("EN15085", _L + r"EN\s*15085" + _D),
            _aliases("FSC-COC", _L + r"FSC(?:\s*-?\s*COC)?" + _A, r"森林认证"),
            _aliases("GRS", _L + r"GRS" + _A, r"全球回收标准"),
            _aliases("OEKO-TEX100", _L + r"OEKO\s*-?\s*TEX", r"生态纺织品认证"),
            _aliases(
                "QC080000",
                _L + r"(?:IECQ\s*)?QC\s*080000" + _D,
                _L + r"HSPM" + _A,
                r"有害物质过程管理",
            ),
            _aliases("GREEN-FACTORY", r"绿色工厂"),
            _aliases(
                "ISO14064", _L + _ISO + r"14064" + _D, r"温室气体(?:核查|盘查)", r"碳(?:核查|盘查)"
            ),
            _aliases("ISO14067", _L + _ISO + r"14067" + _D, r"碳足迹"),
            _aliases(
                "GJB9001C",
                _L + r"GJB\s*9001[A-C]?" + _D,
                r"国军标",
                r"(?:军工|武器装备)质量(?:管理)?体系",
            ),
            _aliases("NADCAP", _L + r"NADCAP" + _A),
            _aliases("CRCC", _L + r"CRCC" + _A, r"铁路产品认证"),
            _aliases("ISO26262", _L + _ISO + r"26262" + _D, _L + _GBT + r"34590" + _D),
            _aliases("CMMI", _L + r"CMMI" + _A),
            _aliases("DCMM", _L + r"DCMM" + _A, r"数据管理能力成熟度"),
            _aliases("EMISSION-PERMIT", r"排污许可"),
            _aliases("SAFETY-LICENCE", r"安全生产许可"),
        ]
    )
)

# A generic phrase this close after a specific match belongs to it ("IATF 16949质量管理体系").
_GENERIC_ATTACH = 12
_SEPARATORS = re.compile(r"[，,;；、/|。\n]")
_EXACT = MappingProxyType({"3C": "CCC"})
_REVISION = re.compile(r"(?:[:：\-]\s*\d{4}|版)$")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def extract_certifications(free_text: str) -> tuple[str, ...]:
    """Every catalog code mentioned in ``free_text``, in order of first mention, without repeats.

    Sector-specific names win over the generic phrase they contain (``汽车质量管理体系`` is
    IATF16949, not ISO9001), and a generic phrase right after a code is read as that code's
    description (``IATF 16949质量管理体系`` → IATF16949 only).
    """
    load_certifications()  # validates the alias table against the catalog (cached)
    text = _fold(free_text)
    if not text:
        return ()
    specific: list[tuple[int, int, str]] = []
    generic: list[tuple[int, int, str]] = []
    for aliases in _ALIASES.values():
        for alias in aliases:
            for m in alias.pattern.finditer(text):
                (generic if alias.generic else specific).append((m.start(), m.end(), alias.code))
    chosen = _non_overlapping(sorted(specific, key=lambda s: (s[0], s[0] - s[1])), [])
    kept_generic = [g for g in generic if not _attached(g, chosen, text)]
    chosen = _non_overlapping(sorted(kept_generic, key=lambda s: (s[0], s[0] - s[1])), chosen)
    ordered = sorted(chosen)
    return tuple(dict.fromkeys(code for _, _, code in ordered))


def _non_overlapping(
    candidates: list[tuple[int, int, str]], chosen: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    result = list(chosen)
    for start, end, code in candidates:
        if all(end <= s or start >= e for s, e, _ in result):
            result.append((start, end, code))
    return result


def _attached(span: tuple[int, int, str], chosen: list[tuple[int, int, str]], text: str) -> bool:
    start = span[0]
    for s, e, _ in chosen:
        if s <= start < e:
            return True
        if e <= start <= e + _GENERIC_ATTACH and not _SEPARATORS.search(text, e, start):
            return True
    return False


def normalize_certification(text: str) -> str | None:
    """The catalog code for one written certification, or None when unknown or ambiguous.

    Accepts catalog codes in any case (``iatf16949``), revisions and years (``ISO 9001:2015``,
    ``AS 9100D``), Chinese names and suffixes (``iso9001质量体系``, ``3C认证``), retired names
    (``TS16949`` → IATF16949, ``OHSAS 18001`` → ISO45001). A text naming two different
    certifications gives None; use :func:`extract_certifications` for lists.
    """
    folded = _fold(text)
    if not folded:
        return None
    key = _REVISION.sub("", re.sub(r"\s+", "", folded).upper())
    catalog = load_certifications()
    if catalog.exists(key):
        return key
    if key in _EXACT:
        return _EXACT[key]
    found = extract_certifications(folded)
    return found[0] if len(found) == 1 else None
