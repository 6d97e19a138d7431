"""Bad input, property-based: the normaliser, the tokenizer, the credit-code validator and the
table readers never crash on arbitrary input and keep their promises."""

from __future__ import annotations

import csv
import io
import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from catalogs.credit_code import ALPHABET, check_character, credit_code_error, is_valid_credit_code
from matching.normalize import normalize, tokenize
from service.core.tabular import TableError, read_table_bytes

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
industrial = st.text(
    alphabet=st.sampled_from(
        list("铝合金压铸件ＡＢＣ１２３ｍｍ ΦφØ∅-./%_，。、（）()MmKk08 \t\n") + ["ﬁ", "Ⅻ", "㎜"]
    ),
    max_size=40,
)
any_text = st.one_of(st.text(max_size=60), industrial)


class TestNormalize:
    @FAST
    @given(any_text)
    @example("ＡＤＣ１２ 压铸  φ20")
    def test_idempotent_and_tidy(self, text: str) -> None:
        once = normalize(text)
        assert normalize(once) == once
        assert once == once.strip()
        assert "  " not in once
        assert not any(c in once for c in "\t\n\r")
        assert not any(c in string.ascii_uppercase for c in once)

    @FAST
    @given(st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=12))
    def test_full_width_folds_to_half_width(self, word: str) -> None:
        full = "".join(chr(ord(c) + 0xFEE0) for c in word)
        assert normalize(full) == normalize(word) == word.casefold()


class TestTokenize:
    @FAST
    @given(any_text)
    def test_tokens_are_non_empty_words_and_ignore_width_and_case(self, text: str) -> None:
        tokens = tokenize(text)
        assert all(t and not any(c.isspace() for c in t) for t in tokens)
        assert tokenize(normalize(text)) == tokens


class TestCreditCode:
    body = st.text(alphabet=ALPHABET, min_size=17, max_size=17)

    @FAST
    @given(body)
    def test_check_character_makes_a_valid_code(self, first17: str) -> None:
        code = first17 + check_character(first17)
        assert is_valid_credit_code(code)
        assert is_valid_credit_code(f"  {code.lower()} ")

    @FAST
    @given(body, st.integers(0, 17), st.sampled_from(ALPHABET))
    def test_any_single_substitution_is_caught(
        self, first17: str, position: int, char: str
    ) -> None:
        code = first17 + check_character(first17)
        changed = code[:position] + char + code[position + 1 :]
        assert is_valid_credit_code(changed) == (changed == code)

    @FAST
    @given(st.text(max_size=25))
    def test_any_text_gets_an_answer_not_an_exception(self, text: str) -> None:
        error = credit_code_error(text)
        assert error is None or error.startswith("统一社会信用代码")


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
header = st.lists(
    st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8),
    min_size=1,
    max_size=5,
    unique=True,
)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


class TestTableReaders:
    @FAST
    @given(header, st.data(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    def test_csv_round_trip_in_every_accepted_encoding(
        self, columns: list[str], data: st.DataObject, encoding: str
    ) -> None:
        rows = data.draw(
            st.lists(st.lists(cell, min_size=len(columns), max_size=len(columns)), max_size=6)
        )
        table = read_table_bytes(_csv([columns, *rows]).encode(encoding), "ledger.csv")
        expected = [
            (i + 2, [c.strip() for c in r]) for i, r in enumerate(rows) if any(c.strip() for c in r)
        ]
        assert table.columns == tuple(columns)
        assert [(r.number, [r.values[c] for c in columns]) for r in table.rows] == expected

    @FAST
    @given(st.binary(max_size=300), st.sampled_from(["x.csv", "x.xlsx", ""]))
    @example(b"PK\x03\x04broken", "x.xlsx")
    @example(b"\xff\xfe\x00\x00", "x.csv")
    def test_arbitrary_bytes_read_or_refused_with_a_message(self, data: bytes, name: str) -> None:
        try:
            read_table_bytes(data, name)
        except TableError as exc:  # anything else (a crash) fails the test
            message = str(exc)
        else:
            message = "read"
        assert message
