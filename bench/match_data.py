"""Deterministic synthetic needs and suppliers with realistic Chinese industrial text (benchmarks).

Not a quality set (that is `tests/data/devset`): it only has to look like the real thing in length,
vocabulary size and the share of boilerplate (有限公司, 生产, 加工) so the speed figures mean something.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

from matching import NeedRecord, SupplierRecord

FAMILIES: dict[str, tuple[list[str], list[str], list[str], str]] = {
    # family: (products, processes, materials, GB/T 4754 code)
    "压铸": (
        ["压铸件", "壳体", "支架", "端盖", "散热器壳体", "变速箱壳体"],
        ["压铸", "压力铸造", "CNC精加工", "去毛刺", "浸渗"],
        ["铝合金", "ADC12", "A380", "锌合金", "镁合金"],
        "3391",
    ),
    "冲压": (
        ["冲压件", "钣金件", "加强板", "安装支架", "底板", "连接片"],
        ["冲压", "级进模冲压", "激光切割", "折弯", "焊接"],
        ["冷轧板", "SPCC", "镀锌板", "Q235", "不锈钢"],
        "3360",
    ),
    "机加": (
        ["轴类零件", "法兰", "齿轮", "传动轴", "阀体", "连接件"],
        ["数控车削", "铣削", "磨削", "加工中心加工", "热处理"],
        ["45#钢", "40Cr", "20CrMnTi", "铝合金6061-T6", "不锈钢304"],
        "3484",
    ),
    "注塑": (
        ["注塑件", "塑料外壳", "内饰件", "卡扣", "塑胶齿轮", "面板"],
        ["注塑", "注射成型", "双色注塑", "喷涂", "超声波焊接"],
        ["PP", "ABS", "PA66", "PC", "POM"],
        "2929",
    ),
    "电子": (
        ["PCB", "线路板", "PCBA", "电源模块", "控制板", "传感器"],
        ["SMT贴片", "DIP插件", "波峰焊", "功能测试", "三防漆涂覆"],
        ["FR-4", "铝基板", "高频板", "多层板", "柔性板"],
        "3982",
    ),
    "线束": (
        ["线束", "连接器", "高压线束", "电缆组件", "端子", "护套"],
        ["压接", "注塑包胶", "导通测试", "裁线", "剥线"],
        ["铜线", "PVC", "TPE", "镀锡铜", "硅胶线"],
        "3831",
    ),
    "橡胶": (
        ["密封圈", "减震垫", "橡胶管", "油封", "密封条", "O型圈"],
        ["硫化", "模压成型", "挤出", "修边", "二次硫化"],
        ["EPDM", "NBR", "氟橡胶", "硅橡胶", "天然橡胶"],
        "2913",
    ),
    "紧固": (
        ["螺栓", "螺母", "螺钉", "垫圈", "铆钉", "销轴"],
        ["冷镦", "搓丝", "热处理", "达克罗", "镀锌"],
        ["M8", "M10", "M12", "10.9级", "8.8级"],
        "3482",
    ),
    "表处": (
        ["电镀", "阳极氧化", "喷粉", "电泳", "钝化", "磷化"],
        ["镀锌", "镀镍", "硬质阳极氧化", "静电喷涂", "喷砂"],
        ["铝件", "钢件", "铜件", "锌合金件", "不锈钢件"],
        "3360",
    ),
    "纺织": (
        ["面料", "纱线", "无纺布", "工装", "针织布", "里布"],
        ["织造", "印染", "纺纱", "裁剪缝制", "涂层"],
        ["涤纶", "棉", "锦纶", "混纺", "氨纶"],
        "1711",
    ),
    "食品": (
        ["茶叶", "青砖茶", "桂花糕", "调味品", "饮料", "粮油"],
        ["加工", "灌装", "烘焙", "压制", "包装"],
        ["绿茶", "黑茶", "菜籽油", "桂花", "竹笋"],
        "1530",
    ),
    "包装": (
        ["纸箱", "瓦楞纸板", "包装盒", "托盘", "标签", "缓冲材料"],
        ["印刷", "模切", "覆膜", "糊盒", "吸塑"],
        ["牛皮纸", "白卡纸", "EPE珍珠棉", "EVA", "木托"],
        "2231",
    ),
    "电池": (
        ["锂电池", "电芯", "电池包", "BMS", "储能柜", "充电桩"],
        ["卷绕", "叠片", "化成", "PACK组装", "老化测试"],
        ["磷酸铁锂", "三元", "石墨负极", "铜箔", "铝箔"],
        "3841",
    ),
    "模具": (
        ["注塑模具", "冲压模具", "压铸模具", "检具", "夹具", "治具"],
        ["模具设计", "CNC加工", "线切割", "电火花", "试模"],
        ["H13", "P20", "SKD11", "718H", "NAK80"],
        "3525",
    ),
    "设备": (
        ["自动化设备", "输送线", "非标设备", "机器人工作站", "焊接设备", "检测设备"],
        ["设计", "装配", "调试", "PLC编程", "安装"],
        ["伺服电机", "气缸", "导轨", "PLC", "视觉系统"],
        "3499",
    ),
}
COUNTIES = [
    "421202",
    "421221",
    "421222",
    "421223",
    "421224",
    "421281",
    "420106",
    "420111",
    "420602",
    "420606",
    "420683",
    "421002",
    "440300",
    "441900",
    "320500",
    "330200",
    "500112",
    "370200",
]
NAME_CHARS = "华宏鑫达盛源泰恒丰瑞安康联创新隆兴远通精诚信和永佳美卓越宇航天元正德利亚光明"
CERTS = ["IATF16949", "ISO9001", "ISO14001", "ISO45001"]
BOILER = [
    "专业从事",
    "主要生产",
    "公司拥有",
    "欢迎来电咨询",
    "产品远销全国各地",
    "质量可靠",
    "交期准时",
]


def _pick(rng: random.Random, items: list[str], k: int) -> list[str]:
    return rng.sample(items, min(k, len(items)))


def suppliers(n: int, seed: int = 7) -> Iterator[SupplierRecord]:
    rng = random.Random(seed)
    families = list(FAMILIES)
    for i in range(n):
        fam = rng.choice(families)
        products, processes, materials, code = FAMILIES[fam]
        region = rng.choice(COUNTIES)
        name = f"{rng.choice(['咸宁', '武汉', '襄阳', '赤壁', '嘉鱼', '东莞', '苏州'])}{''.join(rng.sample(NAME_CHARS, 2))}{fam}科技有限公司"
        caps = []
        for _ in range(rng.randint(2, 4)):
            caps.append(
                f"{rng.choice(materials)}{rng.choice(products)}{rng.choice(['生产', '加工', '制造', '定制'])}"
            )
        text = (
            f"{rng.choice(BOILER)}{'、'.join(caps)}，工艺：{'、'.join(_pick(rng, processes, 2))}；"
            f"年产能{rng.randint(5, 500)}万件，{rng.choice(BOILER)}。"
        )
        certs = tuple(c for c in CERTS if rng.random() < 0.3)
        yield SupplierRecord(f"S{i:06d}", name, text, code, region, certs)


def needs(n: int, seed: int = 11) -> Iterator[NeedRecord]:
    rng = random.Random(seed)
    families = list(FAMILIES)
    for i in range(n):
        fam = rng.choice(families)
        products, processes, materials, code = FAMILIES[fam]
        title = f"{rng.choice(materials)}{rng.choice(products)}"
        desc = (
            f"用于{rng.choice(['新能源汽车', '商用车', '家电', '储能', '工程机械'])}，工艺要求{rng.choice(processes)}，"
            f"年需求量{rng.randint(1, 100)}万件，要求交期稳定"
        )
        certs = ("IATF16949",) if rng.random() < 0.3 else ()
        yield NeedRecord(f"N{i:05d}", title, desc, code, rng.choice(COUNTIES[:6]), certs)


def write_csv(path: Path, n_suppliers: int, n_needs: int) -> tuple[Path, Path]:
    path.mkdir(parents=True, exist_ok=True)
    sup_path, need_path = path / "suppliers.csv", path / "needs.csv"
    with sup_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["supplier_id", "name", "capabilities", "category", "region", "certifications"])
        for s in suppliers(n_suppliers):
            w.writerow([s.id, s.name, s.text, s.category, s.region, ";".join(s.certifications)])
    with need_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["need_id", "title", "description", "category", "region", "certifications"])
        for r in needs(n_needs):
            w.writerow(
                [r.id, r.title, r.description, r.category, r.region, ";".join(r.certifications)]
            )
    return need_path, sup_path
