"""Procurement boilerplate in need texts: phrases that say how a buyer buys, not what it buys.

Chain owners copy their catalogue lines and tender notices (采购公告, 询价函) into needs, so need
texts carry frames such as 年需求量约…, 技术要求：…, 现有供应商产能不足，寻找第二供应商, 【供应商
资格】… or "Replacement for imported part. Qty per year". Their n-grams are rare among suppliers,
so TF-IDF would weigh them heavily and reward the few suppliers whose texts happen to say 供应商
or 采购. `strip_boilerplate` blanks them out of the query side (the need's title and text); the
need's full text is still shown in reasons.
"""

from __future__ import annotations

import re
from functools import cache

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


@cache
def _pattern() -> re.Pattern[str]:
    terms = sorted({normalize(p) for p in PHRASES}, key=len, reverse=True)
    latin = "a-z0-9"
    parts = [
        rf"(?<![{latin}]){re.escape(t)}(?![{latin}])" if t.isascii() else re.escape(t)
        for t in terms
    ]
    return re.compile("|".join(parts))


def strip_boilerplate(norm: str) -> str:
    """Blank the procurement frame out of normalised need text; the text itself if nothing is left.

    >>> strip_boilerplate(normalize("五金冲压件采购，年需求量约5万件，技术要求：冷镀锌"))
    '五金冲压件 约5万件 冷镀锌'
    """
    stripped = " ".join(_pattern().sub(" ", norm).split())
    return stripped or norm
