"""Build the labelled development set (needs.csv, suppliers.csv, qrels.csv) from the phrase tables.

Deterministic: ``python tests/data/devset/build.py`` rewrites the same three CSV files byte for byte.
The phrase tables (``topics_*.py``) are hand-written; this script only samples and combines them, and
derives the relevance grades from the capability each supplier was *meant* to have (see README.md).
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from topic import Topic  # noqa: E402
from topics_background import BACKGROUND_TOPICS  # noqa: E402
from topics_dev import DEV_TOPICS  # noqa: E402
from topics_heldout import HELDOUT_TOPICS  # noqa: E402

REGIONS_CSV = HERE.parents[2] / "catalogs" / "data" / "regions.csv"
SEED = 20261130

CORE_PER_TOPIC = (2, 3, 5, 8, 10, 12, 16)  # suppliers with the exact capability, drawn per topic
ADAPT_PER_TOPIC = (1, 2, 3)
DECOYS_PER_PHRASE = 2
BACKGROUND_PER_TOPIC = 20
NEEDS_PER_TOPIC = 3

# Owners (chain-leader firms) sit in Xianning; suppliers anywhere.
OWNER_REGIONS = ("421202", "421202", "421281", "421221", "421223", "421222", "421224", "420115")
XIANNING = ("421202", "421221", "421222", "421223", "421224", "421281")
WUHAN_PREFECTURE = "420100"
FAR_PREFECTURES = (
    "440300", "441900", "320500", "320200", "330200", "331000", "330100", "310000",
    "430100", "430600", "360100", "410100", "370200", "420200", "420500", "420600", "500000",
)  # fmt: skip

BRAND_A = "恒鑫华金宏瑞天楚鄂香赤隽陆嘉通志永博精顺铭凯东昌欣利佳友盛泰达源锐远丰成信诚和润荣新"
BRAND_B = "达源锐泰远丰成南城水信诚盛工发顺瑞昌荣民和联辉宇航创力邦川海科益德兴隆旺晟"

FAMILY_WORDS: dict[str, tuple[str, ...]] = {
    "electronics": ("电子", "电子科技", "电路科技", "电气", "智能科技"),
    "machining": ("精密机械", "机械制造", "机电", "五金制品", "精工科技", "机械"),
    "plastics": ("塑胶制品", "塑业", "模塑科技", "塑料制品", "精密模具"),
    "diecasting": ("铸造", "铸锻", "金属制品", "机械铸造", "精密铸件"),
    "metallurgy": ("金属表面处理", "热处理", "金属科技", "特钢", "材料科技"),
    "chemicals": ("化工", "新材料", "化学", "涂料", "精细化工"),
    "auto": ("汽车零部件", "汽配", "汽车部件", "汽车科技", "汽车配件"),
    "packaging": ("包装", "印务", "包装材料", "纸品", "彩印包装"),
    "medical": ("医疗用品", "医用材料", "卫材", "医疗器械", "无纺布制品"),
    "power": ("电力设备", "阀门", "泵业", "锅炉", "电机"),
    "materials": ("新材料", "复合材料", "碳素", "陶瓷科技", "材料科技"),
    "drones": ("无人机", "航空科技", "电机科技", "新能源", "智能装备"),
    "testing": ("检测技术", "检验检测", "计量科技", "技术服务"),
    "logistics": ("物流", "供应链管理", "运输", "仓储服务"),
    "mro": ("工业品", "机电设备", "轴承", "刀具", "劳保用品"),
    "background": ("实业", "发展", "科技", "实业发展", "控股"),
}
DECOY_WORDS: dict[str, tuple[str, ...]] = {
    "51": ("贸易", "商贸", "物资", "供应链", "进出口"),
    "52": ("商行", "经营部", "门市部"),
    "65": ("软件", "信息技术", "网络科技"),
    "83": ("职业培训学校", "技能培训中心"),
    "42": ("再生资源", "环保科技", "资源回收"),
}
SUFFIXES = ("有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司", "厂")

FOREIGN_STEMS = (
    "Müller",
    "Keller",
    "Northbridge",
    "Sanwa",
    "Daehan",
    "Rossi",
    "Bergstrom",
    "Allied",
    "Tatung",
    "Leclerc",
    "Van Dijk",
    "Hanwa",
    "Pacific Rim",
    "Stirling",
    "Nordic",
    "Schmid",
    "Orion",
    "Kaneko",
    "Greystone",
    "Apex",
    "Lindqvist",
    "Moretti",
    "Hoffmann",
    "Ashford",
    "Kobayashi",
    "Delacroix",
)
FOREIGN_WORDS = (
    "Precision",
    "Industries",
    "Technologies",
    "Engineering",
    "Components",
    "Materials",
)
FOREIGN_FORMS = ("GmbH", "Ltd.", "Inc.", "Co., Ltd.", "S.r.l.", "B.V.", "AG", "Pte. Ltd.", "K.K.")

CN_INTROS = (
    "公司专业从事{a}，",
    "我司主要承接{a}业务，",
    "本厂专注{a}十余年，",
    "成立于{year}年，主营{a}，",
    "是一家集研发、生产、销售于一体的企业，主要产品和服务：{a}，",
    "{a}、",
    "主要做{a}，",
    "专业{a}厂家，",
)
CN_FILLERS = (
    "诚信经营，欢迎来电洽谈",
    "交期准时，质量稳定",
    "服务湖北及周边地区",
    "可来图来样定制",
    "产品远销东南亚、中东",
    "为多家上市公司长期配套",
    "价格合理，量大从优",
    "有完善的质量管理体系",
    "可开增值税专用发票",
    "厂区面积1.2万平方米",
    "员工120人，其中技术人员18人",
    "省级专精特新中小企业",
    "高新技术企业",
    "支持小批量试制",
)
EN_FILLERS = (
    "ISO 9001 certified.",
    "Exporting to more than 30 countries.",
    "OEM / ODM welcome.",
    "Short lead times and in-house quality lab.",
    "Engineering support from prototype to volume production.",
    "MOQ negotiable.",
    "Agent in Shanghai for after-sales service.",
)
DECOY_FILLERS = (
    "现货库存充足",
    "代理多个国内外品牌",
    "全国物流配送",
    "上门服务",
    "价格实惠",
    "提供售后技术支持",
    "欢迎咨询",
)
NEED_FRAMES_DEV = (
    "年需求量约{qty}，{specs}。{tail}",
    "{specs}；{tail}",
    "技术要求：{specs}。{tail}",
    "{specs}，{tail}",
    "需求说明：{specs}。年采购额约{amount}万元。{tail}",
)
NEED_TAILS_DEV = (
    "目前从外省采购，希望本地配套",
    "需先提供样品确认",
    "交货期30天内，含税送货到厂",
    "长期合作，按月下单",
    "现有供应商产能不足，寻找第二供应商",
    "质量稳定优先",
)
NEED_FRAMES_HELDOUT = (
    "【采购内容】{title}【技术参数】{specs_numbered}【供应商资格】{qual}【交付地点】{place}",
    "一、项目概况：{title}，预算{amount}万元。二、技术要求：{specs_numbered}。三、资格要求：{qual}。",
    "RFQ: {en}. Requirements: {specs}. Supplier qualification: {qual_en}. Delivery: Xianning, Hubei.",
    "询价函——{title}。规格：{specs}。{qual}。报价请注明交期。",
)
PLACES = ("咸宁高新区", "赤壁市经济开发区", "嘉鱼县工业园", "咸安区横沟桥镇", "通城县经济开发区")


@dataclass
class Supplier:
    id: str
    name: str
    text: str
    category: str
    region: str
    certs: tuple[str, ...]
    core: str = ""  # topic whose exact capability this is
    adapt: str = ""  # topic it can serve with minor adaptation
    partial: str = ""  # topic it serves only partially (a distributor, say)
    secondary: set[str] = field(default_factory=set)


@dataclass
class Need:
    id: str
    topic: Topic
    title: str
    description: str
    category: str
    region: str
    certs: tuple[str, ...]
    split: str


def load_regions() -> tuple[dict[str, str], dict[str, list[str]]]:
    names: dict[str, str] = {}
    children: dict[str, list[str]] = {}
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["code"]] = row["name"]
            children.setdefault(row["parent_code"], []).append(row["code"])
    return names, children


class Factory:
    """Samples names, regions, categories and texts from the phrase tables with one seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names, self.children = load_regions()
        self.used_names: set[str] = set()
        self.industry_codes = self._industry_codes()

    @staticmethod
    def _industry_codes() -> list[str]:
        path = HERE.parents[2] / "catalogs" / "data" / "industries.csv"
        with path.open(encoding="utf-8") as handle:
            return [row["code"] for row in csv.DictReader(handle) if len(row["code"]) == 4]

    def pick(self, items: Sequence[str], low: int, high: int) -> list[str]:
        count = min(len(items), self.rng.randint(low, high))
        return self.rng.sample(list(items), count)

    def region(self) -> str:
        roll = self.rng.random()
        if roll < 0.38:
            code = self.rng.choice(XIANNING)
        elif roll < 0.62:
            code = self.rng.choice(self.children[WUHAN_PREFECTURE])
        else:
            prefecture = self.rng.choice(FAR_PREFECTURES)
            code = self.rng.choice(self.children.get(prefecture) or [prefecture])
        if self.rng.random() < 0.04:
            return code[:4] + "00"  # only the city known, as in real registrations
        return "" if self.rng.random() < 0.03 else code

    def place_name(self, region: str) -> str:
        if not region:
            return self.rng.choice(("湖北", "武汉", "咸宁"))
        county = self.names.get(region, "")
        if county.endswith("市") and not county.endswith("区") and self.rng.random() < 0.6:
            return county  # county-level city, e.g. 赤壁市
        city = self.names.get(region[:4] + "00") or self.names.get(region[:2] + "0000", "")
        return city if city else county

    def company(self, region: str, words: Sequence[str]) -> str:
        for _ in range(50):
            brand = self.rng.choice(BRAND_A) + self.rng.choice(BRAND_B)
            name = f"{self.place_name(region)}{brand}{self.rng.choice(words)}{self.rng.choice(SUFFIXES)}"
            if self.rng.random() < 0.25:
                name = name.replace(self.place_name(region), "", 1) or name
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("could not draw a fresh company name")

    def foreign_company(self) -> str:
        for _ in range(50):
            parts = (FOREIGN_STEMS, FOREIGN_WORDS, FOREIGN_FORMS)
            name = " ".join(self.rng.choice(p) for p in parts)
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("could not draw a fresh company name")

    def category(self, code: str, p_exact: float, p_empty: float) -> str:
        roll = self.rng.random()
        if roll < p_exact:
            return code
        if roll < p_exact + p_empty:
            return ""
        siblings = [c for c in self.industry_codes if c[:3] == code[:3] and c != code]
        if siblings and self.rng.random() < 0.6:
            return self.rng.choice(siblings)  # a neighbouring class, as clerks often pick
        return code[:3]  # only the 中类

    def certs(self, topic: Topic) -> tuple[str, ...]:
        held = {c for c in topic.certs if self.rng.random() < 0.5}
        if self.rng.random() < 0.5:
            held.add("ISO9001")
        return tuple(sorted(held))


def name_words(topic: Topic) -> tuple[str, ...]:
    return topic.words or FAMILY_WORDS[topic.family]


def chinese_text(
    f: Factory,
    phrases: list[str],
    extras: list[str],
    certs: Sequence[str],
    labels: Sequence[str] = ("主要设备", "工艺能力", "加工能力", "优势"),
) -> str:
    rng = f.rng
    style = rng.randrange(4)
    if style == 0:  # prose
        intro = rng.choice(CN_INTROS).format(a="、".join(phrases), year=rng.randint(1996, 2021))
        body = "，".join(extras)
        tail = "。".join(f.pick(CN_FILLERS, 0, 2))
        cert = f"已通过{'、'.join(certs)}认证。" if certs and rng.random() < 0.6 else ""
        return f"{intro}{body}。{cert}{tail}".rstrip("，")
    if style == 1:  # structured list
        parts = [f"主营产品：{'、'.join(phrases)}"]
        if extras:
            parts.append(f"{rng.choice(labels)}：{'，'.join(extras)}")
        if certs:
            parts.append(f"资质：{'、'.join(certs)}")
        return "；".join(parts)
    if style == 2:  # terse listing, as typed into a platform form
        items = phrases + extras + f.pick(("来图加工", "量大优惠", "欢迎询价", "品质保证"), 0, 1)
        return " ".join(items)
    # capability bullets
    bullets = [f"{i}. {text}" for i, text in enumerate(phrases + extras, start=1)]
    return " ".join(bullets)


def english_text(f: Factory, topic: Topic) -> str:
    lines = f.pick(topic.en, 1, 2) + f.pick(EN_FILLERS, 1, 2)
    return " ".join(line if line.endswith(".") else f"{line}." for line in lines)


def core_supplier(f: Factory, topic: Topic, index: int, topics: dict[str, Topic]) -> Supplier:
    rng = f.rng
    foreign = bool(topic.en) and index == 0
    region = "" if foreign else f.region()
    certs = f.certs(topic)
    secondary: set[str] = set()
    if foreign:
        name = f.foreign_company()
        text = english_text(f, topic)
    else:
        name = f.company(region, name_words(topic))
        phrases = f.pick(topic.core, 1, 3)
        extras = f.pick(topic.extra, 1, 4)
        if topic.en and rng.random() < 0.25:
            extras.append(rng.choice(topic.en))  # mixed Chinese and English catalogue text
        related = [k for k in topic.related if k in topics]
        if related and rng.random() < 0.25:
            other = topics[rng.choice(related)]
            secondary.add(other.key)
            extras.append(f"{rng.choice(('另可承接', '兼做', '同时提供'))}{rng.choice(other.core)}")
        text = chinese_text(f, phrases, extras, certs)
    return Supplier("", name, text, f.category(topic.category, 0.7, 0.12), region, certs,
                    core=topic.key, secondary=secondary)  # fmt: skip


def adapt_supplier(f: Factory, topic: Topic, phrase: str) -> Supplier:
    region = f.region()
    extras = f.pick(topic.extra, 0, 1) + f.pick(CN_FILLERS, 0, 1)
    certs = f.certs(topic)
    text = chinese_text(f, [phrase], extras, certs, labels=("说明", "优势", "能力"))
    category = f.category(topic.category, 0.4, 0.2)
    name = f.company(region, name_words(topic))
    return Supplier("", name, text, category, region, certs, adapt=topic.key)


def decoy_supplier(f: Factory, topic: Topic, phrase: str, category: str) -> Supplier:
    region = f.region()
    words = DECOY_WORDS.get(category[:2], name_words(topic))
    extras = f.pick(DECOY_FILLERS, 1, 2)
    certs = ("ISO9001",) if f.rng.random() < 0.3 else ()
    text = chinese_text(f, [phrase], extras, certs, labels=("服务", "优势", "说明"))
    return Supplier(
        "", f.company(region, words), text, f.category(category, 0.75, 0.2), region, certs
    )


def background_supplier(f: Factory, topic: Topic) -> Supplier:
    region = f.region()
    if topic.en and f.rng.random() < 0.15:
        text = english_text(f, topic)
    else:
        extras = f.pick(topic.extra, 0, 2) + f.pick(CN_FILLERS, 0, 1)
        text = chinese_text(f, f.pick(topic.core, 1, 2), extras, (), labels=("说明", "优势"))
    name = f.company(region, FAMILY_WORDS["background"])
    return Supplier("", name, text, f.category(topic.category, 0.7, 0.2), region, ())


def make_need(f: Factory, topic: Topic, title: str, split: str) -> Need:
    rng = f.rng
    specs = f.pick(topic.specs, 2, 4)
    certs: tuple[str, ...] = ()
    if topic.certs and rng.random() < 0.35:
        certs = (topic.certs[0],)
    amount = rng.choice((30, 50, 80, 120, 200, 350, 600))
    if split == "dev" and topic.en and rng.random() < 0.1:  # an imported part, in English
        title = rng.choice(topic.en)
        description = (
            f"Replacement for imported part. Spec: {'; '.join(specs)}. Qty per year: {amount}0 pcs."
        )
    elif split == "dev":
        frame = rng.choice(NEED_FRAMES_DEV)
        qty = rng.choice(("5万件", "2000套", "20万只", "300吨", "1.5万米", "800台"))
        description = frame.format(
            qty=qty, specs="，".join(specs), tail=rng.choice(NEED_TAILS_DEV), amount=amount
        )
    else:
        frames = (
            NEED_FRAMES_HELDOUT if topic.en else NEED_FRAMES_HELDOUT[:2] + NEED_FRAMES_HELDOUT[3:]
        )
        frame = rng.choice(frames)
        qual = f"具备{'、'.join(certs)}证书" if certs else "具有相关生产或服务能力的独立法人"
        qual_en = ", ".join(certs) if certs else "manufacturer, not trader"
        en = rng.choice(topic.en) if topic.en else title
        if frame.startswith("RFQ"):
            title = en
        numbered = "；".join(f"{i}) {s}" for i, s in enumerate(specs, start=1))
        description = frame.format(
            title=title, specs="; ".join(specs), specs_numbered=numbered, qual=qual,
            qual_en=qual_en, en=en, amount=amount, place=rng.choice(PLACES),
        )  # fmt: skip
    category = f.category(topic.category, 0.6, 0.25)
    return Need("", topic, title, description, category, rng.choice(OWNER_REGIONS), certs, split)


def grade(need: Need, supplier: Supplier, related: dict[str, set[str]]) -> int:
    key = need.topic.key
    if supplier.core == key:
        return 3 if set(need.certs) <= set(supplier.certs) else 2
    if supplier.adapt == key or key in supplier.secondary:
        return 2
    if supplier.partial == key or (supplier.core and supplier.core in related[key]):
        return 1
    return 0


def build() -> tuple[list[Need], list[Supplier], list[tuple[str, str, int]]]:
    rng = random.Random(SEED)
    f = Factory(rng)
    need_topics = DEV_TOPICS + HELDOUT_TOPICS
    topics = {t.key: t for t in need_topics}
    related = {t.key: set(t.related) for t in need_topics}  # directional on purpose

    suppliers: list[Supplier] = []
    for t in need_topics:
        suppliers += [core_supplier(f, t, i, topics) for i in range(rng.choice(CORE_PER_TOPIC))]
        adapt_phrases = (
            [t.adapt[i % len(t.adapt)] for i in range(rng.choice(ADAPT_PER_TOPIC))]
            if t.adapt
            else []
        )
        suppliers += [adapt_supplier(f, t, p) for p in adapt_phrases]
        for phrase, cat in t.decoys:
            suppliers += [decoy_supplier(f, t, phrase, cat) for _ in range(DECOYS_PER_PHRASE)]
        for phrase, cat in t.partial:
            for _ in range(DECOYS_PER_PHRASE):
                supplier = decoy_supplier(f, t, phrase, cat)
                supplier.partial = t.key
                suppliers.append(supplier)
    for t in BACKGROUND_TOPICS:
        suppliers += [background_supplier(f, t) for _ in range(BACKGROUND_PER_TOPIC)]
    rng.shuffle(suppliers)
    for i, s in enumerate(suppliers, start=1):
        s.id = f"S{i:04d}"

    needs: list[Need] = []
    for t in need_topics:
        split = "dev" if t in DEV_TOPICS else "heldout"
        titles = f.pick(t.needs, NEEDS_PER_TOPIC, NEEDS_PER_TOPIC)
        needs += [make_need(f, t, title, split) for title in titles]
    rng.shuffle(needs)
    for i, n in enumerate(needs, start=1):
        n.id = f"N{i:03d}"

    qrels = [(n.id, s.id, g) for n in needs for s in suppliers if (g := grade(n, s, related)) > 0]
    return needs, suppliers, qrels


def render(
    needs: list[Need], suppliers: list[Supplier], qrels: list[tuple[str, str, int]]
) -> dict[str, str]:
    """The three CSV files' text, keyed by file name."""

    def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue()

    return {
        "needs.csv": table(
            ("need_id", "title", "description", "category", "region", "certifications", "split"),
            [
                (n.id, n.title, n.description, n.category, n.region, ";".join(n.certs), n.split)
                for n in needs
            ],
        ),  # fmt: skip
        "suppliers.csv": table(
            ("supplier_id", "name", "capabilities", "category", "region", "certifications"),
            [(s.id, s.name, s.text, s.category, s.region, ";".join(s.certs)) for s in suppliers],
        ),
        "qrels.csv": table(("need_id", "supplier_id", "grade"), sorted(qrels)),
    }


def main() -> None:
    needs, suppliers, qrels = build()
    for name, text in render(needs, suppliers, qrels).items():
        (HERE / name).write_text(text, encoding="utf-8", newline="")
    dev = sum(n.split == "dev" for n in needs)
    sys.stdout.write(
        f"needs {len(needs)} (dev {dev}, heldout {len(needs) - dev}), "
        f"suppliers {len(suppliers)}, qrels {len(qrels)}\n"
    )


if __name__ == "__main__":
    main()
