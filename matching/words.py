"""Chinese words for reasons: jieba over a trimmed dictionary plus a user dictionary from our catalogs.

A reason must name whole words that both texts contain (万件, 加工及 or 炉镁钙 are fragments, 生产
or 经营 alone say nothing). The need's text is cut into words once per need; the user dictionary
(GB/T 4754 class names and the pieces of their notes, synonym groups, certification names, the
one-character products) makes the catalog's product words whole words. jieba's own dictionary is
trimmed to words seen at least `MIN_FREQUENCY` times (~80,000 of 350,000), which keeps its memory
near 15 MB per process instead of ~60 MB; rarer words fall back to the user dictionary or single
characters, which a reason then does not show alone. The two are written once to `data/words.txt`
(`write_dictionary()`; jieba's dictionary is MIT-licensed), which jieba loads through its cache.
"""

from __future__ import annotations

import io
import logging
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from matching.normalize import normalize, one_char_products

MIN_FREQUENCY = 20
USER_FREQUENCY = 100_000  # high enough that a catalog word is kept whole
# Words that never make a reason on their own: activities, units, legal forms, list words.
_GENERIC_WORDS = """
    生产 经营 加工 销售 制造 制作 服务 产品 制品 用品 商品 公司 有限 有限公司 科技 技术 研发 设计
    开发 批发 零售 贸易 进出口 代理 咨询 业务 项目 其他 其它 相关 各类 各种 系列 专业 提供 承接
    定制 安装 维修 工程 销售部 分部 抵销 收入 利息 万件 万吨 万套 万个 万元 年产 产能 及 和 与
    等 用 的 主营 主要 包括 从事 一般 许可 依法 须经 批准 方可 开展 经营活动 材料 设备 配件
    零件 部件 行业 领域 企业 工厂 厂家 供应 采购 需求 质量 规格 型号 标准 要求 客户 合作
    通过 认证 资质 体系 年需求 用量 批量 长期 优质 各地 全国 国内 国外 产品远销
"""
GENERIC = frozenset(_GENERIC_WORDS.split())
_SPLIT = re.compile(r"[、，,；;。：:（）()\s/／及和与或等]+")


@cache
def _user_words() -> tuple[str, ...]:
    """Product and activity words from the catalogs (whatever of them can be loaded)."""
    words: set[str] = set(one_char_products())
    for loader in (_industry_words, _synonym_words, _certification_words):
        try:
            words.update(loader())
        except Exception:  # an optional catalog missing only costs its words
            continue
    return tuple(sorted(w for w in words if 1 <= len(w) <= 12 and _is_cjk_word(w)))


def _industry_words() -> set[str]:
    from catalogs.industries import load_industries

    out: set[str] = set()
    for industry in load_industries():
        for text in (str(industry.name), str(getattr(industry, "note", "") or "")):
            out.update(normalize(piece) for piece in _SPLIT.split(text) if 2 <= len(piece) <= 8)
    return out


def _synonym_words() -> set[str]:
    from catalogs.synonyms import load_synonyms

    return {normalize(t) for group in load_synonyms().groups for t in group.terms}


def _certification_words() -> set[str]:
    from catalogs.certifications import load_certifications

    out: set[str] = set()
    for cert in load_certifications().all():
        out.update(normalize(p) for p in str(cert.name_zh).split() if not p.isascii())
    return out


def _is_cjk_word(word: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in word)


DICTIONARY = Path(__file__).with_name("data") / "words.txt"


def dictionary_lines() -> list[str]:
    """jieba's dictionary trimmed to `MIN_FREQUENCY`, plus the user words (`word frequency`)."""
    import jieba

    lines = []
    with jieba.get_dict_file() as handle:
        for raw in handle:
            word, frequency = raw.decode("utf-8").split(" ")[:2]
            if int(frequency) >= MIN_FREQUENCY:
                lines.append(f"{word} {frequency}")
    lines.extend(f"{word} {USER_FREQUENCY}" for word in _user_words())
    return lines


def write_dictionary(path: Path = DICTIONARY) -> None:
    """Write `data/words.txt` (run after the catalogs change): building it at start-up took
    ~1.5 s per process, loading it through jieba's cache takes ~0.1 s."""
    path.write_text("\n".join(dictionary_lines()) + "\n", encoding="utf-8")


@cache
def segmenter() -> Any:
    """A jieba tokenizer over `data/words.txt` (built in memory if the file is missing); None
    without jieba."""
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)
    if DICTIONARY.exists():
        tokenizer = jieba.Tokenizer(dictionary=str(DICTIONARY))
        tokenizer.initialize()  # jieba caches the prefix dictionary in the temp folder
        return tokenizer
    tokenizer = jieba.Tokenizer()
    dictionary = io.BytesIO("\n".join(dictionary_lines()).encode("utf-8"))
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(dictionary)
    tokenizer.initialized = True
    return tokenizer


@lru_cache(maxsize=65_536)
def cut(run: str) -> tuple[str, ...]:
    """Words of one run of Chinese characters (each character alone without jieba).

    >>> cut("铝合金压铸件加工及销售")
    ('铝合金', '压铸件', '加工', '及', '销售')
    """
    tokenizer = segmenter()
    if tokenizer is None:
        return tuple(run)
    return tuple(tokenizer.lcut(run, HMM=False))
