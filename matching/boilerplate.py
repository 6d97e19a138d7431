"""Procurement boilerplate in need texts: phrases that say how a buyer buys, not what it buys.

Chain owners copy their catalogue lines and tender notices (采购公告, 询价函) into needs, so need
texts carry frames such as 年需求量约…, 技术要求：…, 现有供应商产能不足，寻找第二供应商, 【供应商
资格】… or "Replacement for imported part. Qty per year". Their n-grams are rare among suppliers,
so TF-IDF would weigh them heavily and reward the few suppliers whose texts happen to say 供应商
or 采购. Tender notices also carry the qualification clause of the Government Procurement Law
(art. 22: 具有独立承担民事责任的能力, 良好的商业信誉 …) and place names (咸宁市…项目, 近咸宁高新区):
where the buyer is belongs to the locality component, not to the text score, and a supplier should
not win because its company name starts with the same city.

`strip_boilerplate` blanks all of these out of the query side (the need's title and text); the
need's full text is still shown in reasons. Place names are the region catalog's full names
(咸宁市, 咸安区, 仙桃市) and the short names of provinces and prefecture-level cities (湖北, 咸宁),
except short names that are also words (白银, or any term of the synonym lexicon).
"""

from __future__ import annotations

import re
from functools import cache

from matching.labels import region_catalog
from matching.normalize import normalize

PHRASES: tuple[str, ...] = (
    # what the line is
    "采购内容",
    "采购需求",
    "采购项目",
    "采购清单",
    "采购公告",
    "采购计划",
    "采购",
    "项目概况",
    "项目名称",
    "项目",
    "询价函",
    "询价单",
    "询价",
    "报价",
    "招标公告",
    "招标",
    "竞争性磋商",
    "竞争性谈判",
    "磋商",
    "比选",
    "公开",
    "需求说明",
    "需求描述",
    "需求",
    "外协",
    "配套",
    # specification headings
    "技术要求",
    "技术参数",
    "技术规格",
    "技术指标",
    "规格要求",
    "规格型号",
    "质量要求",
    "主要参数",
    # quantities, money, time
    "年需求量",
    "年用量",
    "年采购额",
    "年采购量",
    "需求量",
    "用量",
    "数量",
    "采购额",
    "预算",
    "万元",
    "左右",
    "以上",
    "以内",
    "天内",
    "交货期",
    "交期",
    "交货",
    "送货到厂",
    "含税",
    "付款方式",
    "质保期",
    "按月下单",
    "长期合作",
    # who may answer
    "供应商资格",
    "供应商要求",
    "资格要求",
    "第二供应商",
    "供应商",
    "产能不足",
    "寻找",
    "现有",
    "目前",
    "希望",
    "本地",
    "外省",
    "优先",
    "质量稳定",
    "我公司",
    "本公司",
    "欢迎",
    "联系人",
    "联系电话",
    "提供样品确认",
    "需先",
    "需提供",
    "要求",
    "满足",
    # the qualification clause (政府采购法 第二十二条) and other tender formalities
    "独立承担民事责任",
    "独立法人",
    "法人资格",
    "营业执照",
    "商业信誉",
    "健全的财务会计制度",
    "履行合同所必需的设备和专业技术能力",
    "依法缴纳税收和社会保障资金",
    "良好记录",
    "重大违法记录",
    "参加政府采购活动",
    "具有相关生产或服务能力",
    "具有",
    "具备",
    "相关",
    "能力",
    "注明",
    "请注明",
    "响应文件",
    "投标文件",
    "报名",
    "截止时间",
    "开标",
    "评标",
    "中标",
    "成交",
    "项目编号",
    "预算金额",
    "最高限价",
    "采购人",
    "采购代理机构",
    "附件",
    # English RFQ frames
    "replacement for imported part",
    "request for quotation",
    "qty per year",
    "quantity per year",
    "annual quantity",
    "annual volume",
    "please quote",
    "we are looking for",
    "looking for",
    "suppliers",
    "supplier",
    "rfq",
    "spec",
    "pcs",
)


_SHORT_NAME_WORDS = frozenset({"白银"})  # short region names that are also product words


@cache
def _latin_pattern() -> re.Pattern[str]:
    terms = sorted({normalize(p) for p in PHRASES if p.isascii()}, key=len, reverse=True)
    return re.compile("|".join(rf"(?<![a-z0-9]){re.escape(t)}(?![a-z0-9])" for t in terms))


@cache
def _cjk_phrases() -> dict[str, tuple[str, ...]]:
    """Chinese phrases by their first two characters, longest first."""
    phrases = {normalize(p) for p in PHRASES if not p.isascii()} | _place_names()
    table: dict[str, list[str]] = {}
    for phrase in phrases:
        if len(phrase) >= 2:
            table.setdefault(phrase[:2], []).append(phrase)
    return {key: tuple(sorted(v, key=len, reverse=True)) for key, v in table.items()}


def _place_names() -> set[str]:
    catalog = region_catalog()
    if catalog is None:
        return set()
    words = _lexicon_terms() | _SHORT_NAME_WORDS
    names: set[str] = set()
    for region in catalog:
        name = normalize(str(region.name))
        names.add(name)
        short = _short_name(name)
        if int(region.level) <= 2 and len(short) >= 2 and short not in words:
            names.add(short)
    return names


def _short_name(name: str) -> str:
    for suffix in (
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "自治州",
        "特别行政区",
        "地区",
        "省",
        "市",
        "盟",
    ):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _lexicon_terms() -> set[str]:
    try:
        from catalogs.synonyms import load_synonyms
    except ImportError:  # the lexicon is optional here
        return set()
    return {normalize(t) for group in load_synonyms().groups for t in group.terms}


def _blank_cjk(norm: str) -> str:
    table = _cjk_phrases()
    pieces: list[str] = []
    at = 0
    i = 0
    end = len(norm) - 1
    while i < end:
        candidates = table.get(norm[i : i + 2])
        if candidates is not None:
            phrase = next((p for p in candidates if norm.startswith(p, i)), None)
            if phrase is not None:
                pieces.append(norm[at:i])
                i = at = i + len(phrase)
                continue
        i += 1
    if not pieces:
        return norm
    pieces.append(norm[at:])
    return " ".join(pieces)


def strip_boilerplate(norm: str) -> str:
    """Blank the procurement frame out of normalised need text; the text itself if nothing is left.

    >>> strip_boilerplate(normalize("五金冲压件采购，年需求量约5万件，技术要求：冷镀锌"))
    '五金冲压件 约5万件 冷镀锌'
    >>> strip_boilerplate(normalize("询价函：咸宁市咸安区冷库仓储，具有相关生产或服务能力的独立法人"))
    '冷库仓储 的'
    """
    stripped = " ".join(_latin_pattern().sub(" ", _blank_cjk(norm)).split())
    return stripped or norm
