"""Normalisation and tokens: exact outputs and Hypothesis properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching import normalize, tokenize
from matching.synonyms import SynonymMatcher


def test_model_numbers_and_units_kept() -> None:
    assert normalize("Ｍ８螺栓，Φ２０ 6061-T6　０.５ｍｍ、5%") == "m8螺栓 φ20 6061-t6 0.5mm 5%"
    assert normalize("⌀12 ∅8 Ø6") == "φ12 φ8 φ6"
    assert normalize("  PCB--板 (FR-4)…") == "pcb 板 fr-4"


def test_tokens() -> None:
    assert tokenize("铝合金压铸件 6061-T6") == [
        "铝合",
        "合金",
        "金压",
        "压铸",
        "铸件",
        "铝",
        "6061-t6",
        "6061",
        "t6",
        "6061t6",
    ]
    assert tokenize("钢 M8") == ["钢", "m8"]


class TestOneCharacterProducts:
    """Failure class 1: 铝, 铜, 钨 ... yield no bigram, so each is a token wherever it appears."""

    def test_inside_longer_words(self) -> None:
        assert tokenize("铝锭、电解铜板，钨钼制品") == [
            "铝锭",
            "电解",
            "解铜",
            "铜板",
            "钨钼",
            "钼制",
            "制品",
            "铝",
            "铜",
            "钨",
            "钼",
        ]

    def test_parts_of_other_words_are_not_products(self) -> None:
        assert tokenize("五金合金螺丝") == ["五金", "金合", "合金", "金螺", "螺丝"]


class TestCodeSpellings:
    """Failure class 4: a model, standard or dimension code matches itself in every spelling."""

    @pytest.mark.parametrize(
        ("one", "other", "shared"),
        [
            ("尼康 EN-EL10 电池", "ENEL10锂电池", "enel10"),
            ("HT-TZ515 碳带", "HTTZ515碳带", "httz515"),
            ("SC-BT100", "ＳＣ－ＢＴ１００", "scbt100"),
            ("六角螺栓 GB/T 5783", "GBT5783 螺栓", "gbt5783"),
            ("GB/T5783-2000 外六角", "gb/t 5783", "gbt5783"),
            ("M8×30 螺栓", "M8x30", "m8x30"),
            ("M8*30", "m8 x 30", "m8x30"),
        ],
    )
    def test_same_code_token(self, one: str, other: str, shared: str) -> None:
        assert shared in tokenize(one)
        assert shared in tokenize(other)

    def test_times_sign_needs_a_number(self) -> None:
        assert normalize("M8×30 φ20×2") == "m8x30 φ20x2"
        assert normalize("A×B 规格") == "a b 规格"


def test_synonym_longest_match_without_overlap() -> None:
    m = SynonymMatcher.from_lexicon()
    found = [m.canonical[h.group] for h in m.find(normalize("压力铸造 IATF 16949 CNC"))]
    assert found == ["压铸", "iatf 16949", "数控"]


@given(st.text())
def test_normalize_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


_ASCII_PRINTABLE = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E))


@given(_ASCII_PRINTABLE)
def test_full_width_equals_half_width(text: str) -> None:
    full = "".join(chr(ord(c) + 0xFEE0) for c in text)  # FF01..FF5E
    assert normalize(full) == normalize(text)
    assert unicodedata.normalize("NFKC", full) == text


def test_boilerplate_is_blanked_from_needs_only_where_it_frames() -> None:
    from matching.boilerplate import strip_boilerplate

    assert (
        strip_boilerplate(normalize("【采购内容】医用纱布 【技术参数】 1) 32支"))
        == "医用纱布 1 32支"
    )
    assert (
        strip_boilerplate(normalize("Replacement for imported part. Spec: M8 bolts")) == "m8 bolts"
    )
    assert strip_boilerplate(normalize("spectrum analyser")) == "spectrum analyser"  # whole words
    assert strip_boilerplate(normalize("采购")) == "采购"  # nothing left: keep the text


def test_place_names_and_tender_clauses_are_blanked_from_needs() -> None:
    from matching.boilerplate import strip_boilerplate

    text = "咸宁市咸安区冷库仓储项目，供应商须具有独立承担民事责任的能力"
    assert strip_boilerplate(normalize(text)) == "冷库仓储 须 的"
    assert strip_boilerplate(normalize("湖北武汉汽车零部件")) == "汽车零部件"
    # short names that are words stay: 白银 (silver), 长安 and 龙井 are county-level short names
    assert strip_boilerplate(normalize("白银饰品")) == "白银饰品"
    assert strip_boilerplate(normalize("长安汽车配件 西湖龙井")) == "长安汽车配件 西湖龙井"
