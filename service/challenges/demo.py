"""Demo 链创: Hubei universities and institutes by their real public names, with research fields,
platforms and results that are invented and marked 示例; 21 challenges across the nine clusters in
every status, some applications, and one project accepted. Idempotent: skipped when any challenge exists."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from service.accounts import service as users
from service.accounts.tables import User, UserRole
from service.challenges.tables import (
    ApplicationStatus,
    Challenge,
    ChallengeApplication,
    ChallengeEvent,
    ChallengeMilestone,
    ChallengeStatus,
    InstituteProfile,
    KeyLink,
)
from service.core.text import name_key
from service.demo import DEMO_PASSWORD
from service.enterprises.tables import Enterprise, EnterpriseStatus

S = ChallengeStatus
NOTE = "（示例：研究方向与成果为演示虚构）"
# name, region, kind, research fields, platform
INSTITUTES = (
    (
        "湖北科技学院",
        "421202",
        "高校",
        ("中药材提取", "电子功能材料", "医用卫生材料"),
        "咸宁市重点实验室（示例）",
    ),
    (
        "武汉理工大学",
        "420111",
        "高校",
        ("新材料", "激光焊接", "汽车轻量化", "复合材料"),
        "材料复合新技术实验平台（示例）",
    ),
    (
        "华中科技大学",
        "420111",
        "高校",
        ("芯片封装", "智能制造", "光通信器件", "飞控系统"),
        "数字制造装备实验平台（示例）",
    ),
    (
        "湖北工业大学",
        "420111",
        "高校",
        ("发酵工程", "食品包装材料", "精细化工", "绿色化工"),
        "发酵工程实验平台（示例）",
    ),
    (
        "武汉大学",
        "420106",
        "高校",
        ("电力系统", "风电并网", "低空通信导航"),
        "电网安全实验平台（示例）",
    ),
    (
        "中国地质大学（武汉）",
        "420111",
        "高校",
        ("云母矿物", "绝缘材料", "矿物材料"),
        "矿物材料分析平台（示例）",
    ),
)
# chain, segment, title, fields that describe the problem, expected result, mode, budget (万元)
CHALLENGES = (
    (
        "xn-metallurgy",
        "炼铁炼钢",
        "废钢短流程电炉冶炼能耗降低",
        "电炉 冶炼 能耗 新材料",
        "工艺",
        "揭榜挂帅",
        300,
    ),
    (
        "xn-metallurgy",
        "热轧板材",
        "高强钢热轧板表面氧化铁皮控制",
        "高强钢 热轧 表面 新材料",
        "工艺",
        "联合攻关",
        180,
    ),
    (
        "xn-electronics",
        "电子功能材料",
        "高频覆铜板低介电损耗树脂",
        "电子功能材料 树脂 介电",
        "材料",
        "揭榜挂帅",
        260,
    ),
    (
        "xn-electronics",
        "光通信元器件",
        "400G 光模块耦合封装良率提升",
        "光通信器件 封装 耦合",
        "工艺",
        "委托攻关",
        220,
    ),
    (
        "xn-electronics",
        "芯片封装测试",
        "功率芯片先进封装散热方案",
        "芯片封装 散热 智能制造",
        "样机",
        "揭榜挂帅",
        350,
    ),
    (
        "xn-equipment",
        "汽车零部件（线控转向等）",
        "线控转向执行器冗余控制",
        "线控转向 控制 智能制造",
        "样机",
        "揭榜挂帅",
        400,
    ),
    (
        "xn-equipment",
        "基础零部件（铸锻件、轴承、齿轮）",
        "高强钢薄板激光焊接变形控制",
        "激光焊接 高强钢 汽车轻量化",
        "工艺",
        "揭榜挂帅",
        120,
    ),
    (
        "xn-equipment",
        "机电制造",
        "伺服电机国产编码器替代",
        "编码器 伺服 智能制造",
        "样机",
        "联合攻关",
        200,
    ),
    (
        "xn-food",
        "饮料包装材料",
        "可降解饮料瓶阻隔涂层",
        "食品包装材料 阻隔 可降解",
        "材料",
        "委托攻关",
        90,
    ),
    (
        "xn-food",
        "茶叶加工",
        "青砖茶发酵过程数字化控制",
        "发酵工程 茶叶 数字化",
        "软件",
        "揭榜挂帅",
        80,
    ),
    (
        "xn-chemical",
        "湿电子化学品",
        "电子级氢氟酸纯化",
        "精细化工 纯化 湿电子化学品",
        "工艺",
        "揭榜挂帅",
        500,
    ),
    (
        "xn-chemical",
        "新型化工材料",
        "有机硅副产物循环利用",
        "绿色化工 有机硅 循环",
        "工艺",
        "联合攻关",
        150,
    ),
    (
        "xn-biomed",
        "中药材与原料药",
        "咸宁桂花精油高效提取",
        "中药材提取 精油 提取工艺",
        "工艺",
        "揭榜挂帅",
        60,
    ),
    (
        "xn-biomed",
        "医用卫生材料",
        "医用无纺布抗菌整理",
        "医用卫生材料 抗菌 无纺布",
        "材料",
        "委托攻关",
        70,
    ),
    (
        "xn-clean-energy",
        "风电装备及零部件",
        "分散式风电并网电能质量治理",
        "风电并网 电力系统 电能质量",
        "样机",
        "揭榜挂帅",
        280,
    ),
    (
        "xn-clean-energy",
        "火电设备与辅机检修",
        "火电辅机状态监测软件",
        "状态监测 电力系统 软件",
        "软件",
        "委托攻关",
        120,
    ),
    (
        "xn-new-materials",
        "云母及绝缘材料",
        "高压电机云母绝缘带国产化",
        "云母矿物 绝缘材料 高压电机",
        "材料",
        "揭榜挂帅",
        240,
    ),
    (
        "xn-new-materials",
        "防腐涂层材料",
        "海上风电防腐涂层寿命提升",
        "防腐 涂层 复合材料",
        "材料",
        "联合攻关",
        160,
    ),
    (
        "xn-low-altitude",
        "飞控与机载电子",
        "无人机飞控冗余设计",
        "飞控系统 冗余 机载电子",
        "样机",
        "揭榜挂帅",
        300,
    ),
    (
        "xn-low-altitude",
        "低空通信导航",
        "低空航路通信导航一体化终端",
        "低空通信导航 终端",
        "样机",
        "委托攻关",
        260,
    ),
    (
        "xn-low-altitude",
        "结构件与复合材料",
        "碳纤维机臂轻量化成型",
        "复合材料 碳纤维 汽车轻量化",
        "工艺",
        "揭榜挂帅",
        180,
    ),
)
# The status each challenge (by position) is left in: most published, a few further along.
STATUSES = (
    S.published,
    S.published,
    S.published,
    S.submitted,
    S.published,
    S.in_progress,
    S.accepted,
    S.published,
    S.draft,
    S.published,
    S.closed,
    S.published,
    S.awarded,
    S.published,
    S.published,
    S.published,
    S.published,
    S.published,
    S.published,
    S.closed,
    S.published,
)
PATHS = {
    S.draft: (),
    S.submitted: (S.submitted,),
    S.published: (S.submitted, S.published),
    S.closed: (S.submitted, S.published, S.closed),
    S.awarded: (S.submitted, S.published, S.closed, S.awarded),
    S.in_progress: (S.submitted, S.published, S.closed, S.awarded, S.in_progress),
    S.accepted: (S.submitted, S.published, S.closed, S.awarded, S.in_progress, S.accepted),
}


def seed_challenges(session: Session, *, today: date | None = None) -> int:
    """Load the demo 链创 side unless a challenge exists; returns the challenges created."""
    if session.exec(select(Challenge.id)).first() is not None:
        return 0
    today = today or date.today()
    bureau = session.exec(
        select(User).where(User.role == UserRole.bureau).order_by(col(User.id))
    ).first()
    bureau_id = bureau.id if bureau else None
    institutes = [_institute(session, row) for row in INSTITUTES]
    owners = list(
        session.exec(
            select(Enterprise).where(Enterprise.is_owner).order_by(col(Enterprise.id))
        ).all()
    )
    link = KeyLink(
        chain_code="xn-equipment",
        year=today.year,
        title="线控底盘关键部件",
        created_by_user_id=bureau_id,
    )
    session.add(link)
    session.flush()
    for i, (row, status) in enumerate(zip(CHALLENGES, STATUSES, strict=True)):
        owner = owners[i % len(owners)] if owners and i % 5 else None  # every fifth by the bureau
        challenge = _challenge(
            session, row, owner, today, disclosure="on_request" if i % 4 == 1 else "public"
        )
        if challenge.chain_code == link.chain_code:
            challenge.key_link_id = link.id
        _walk(session, challenge, status, institutes, bureau_id)
    if session.exec(select(User).where(User.username == "institute")).first() is None:
        users.create(
            session,
            username="institute",
            password=DEMO_PASSWORD,
            role=UserRole.institute,
            enterprise_id=institutes[0].id,
        )
    session.flush()
    return len(CHALLENGES)


def _institute(session: Session, row: tuple[str, str, str, tuple[str, ...], str]) -> Enterprise:
    name, region, kind, fields, platform = row
    firm = session.exec(select(Enterprise).where(Enterprise.name == name)).first()
    if firm is None:
        firm = Enterprise(
            name=name,
            name_key=name_key(name),
            region_code=region,
            is_supplier=False,
            status=EnterpriseStatus.approved,
            description=f"{'、'.join(fields)}{NOTE}",
        )
    firm.is_institute = True
    session.add(firm)
    session.flush()
    session.add(
        InstituteProfile(
            enterprise_id=_id(firm),
            kind=kind,
            research_fields=list(fields),
            teams=[{"name": f"{fields[0]}团队（示例）", "lead": "示例教授", "size": 12}],
            platforms=[platform],
            results=[
                {"kind": "专利", "title": f"一种{fields[0]}方法（示例）"},
                {"kind": "标准", "title": f"{fields[-1]}团体标准（示例）"},
            ],
        )
    )
    return firm


def _challenge(
    session: Session,
    row: tuple[str, str, str, str, str, str, int],
    owner: Enterprise | None,
    today: date,
    *,
    disclosure: str,
) -> Challenge:
    chain, segment, title, words, result, mode, budget = row
    challenge = Challenge(
        owner_id=owner.id if owner else None,
        chain_code=chain,
        segment=segment,
        title=title,
        summary=f"征集「{title}」技术方案（示例榜单）",
        problem=f"{title}：现有水平与国内先进差距明显，涉及 {words}。（示例）",
        indicators=[{"name": "关键指标", "target": "达到国内先进水平", "unit": ""}],
        current_state="依赖外地供应或进口（示例）",
        expected_result=result,
        budget_wan=Decimal(budget),
        duration_months=18,
        deadline=today + timedelta(days=45),
        mode=mode,
        disclosure=disclosure,
    )
    session.add(challenge)
    session.flush()
    return challenge


def _walk(
    session: Session,
    challenge: Challenge,
    status: S,
    institutes: list[Enterprise],
    bureau_id: int | None,
) -> None:
    """Move a challenge along its path through recorded events, applying and awarding on the way."""
    winner: ChallengeApplication | None = None
    for step in PATHS[status]:
        if step == S.closed:
            winner = _apply(session, challenge, institutes)
        if step == S.awarded and winner is not None:
            winner.status = ApplicationStatus.awarded
        session.add(
            ChallengeEvent(
                challenge_id=_id(challenge),
                from_status=challenge.status,
                to_status=step,
                user_id=bureau_id,
                reason="示例",
            )
        )
        challenge.status = step
    if status == S.published and challenge.id and challenge.id % 3 == 0:
        _apply(session, challenge, institutes)
    if winner is not None and status in (S.in_progress, S.accepted):
        session.add(
            ChallengeMilestone(
                challenge_id=_id(challenge),
                application_id=_id(winner),
                due_on=challenge.deadline + timedelta(days=180),
                deliverable="中期样品与测试报告（示例）",
                payment_wan=challenge.budget_wan / 2,
                done_on=challenge.deadline + timedelta(days=170) if status == S.accepted else None,
            )
        )
    if status == S.accepted:
        challenge.result = "指标全部达到，形成专利 2 项、工艺规范 1 套（示例）"
    session.add(challenge)
    session.flush()


def _apply(
    session: Session, challenge: Challenge, institutes: list[Enterprise]
) -> ChallengeApplication:
    """Two institutes apply (赛马); the first returned is the one that wins if awarded."""
    first = institutes[(challenge.id or 0) % len(institutes)]
    second = institutes[((challenge.id or 0) + 1) % len(institutes)]
    rows = [
        ChallengeApplication(
            challenge_id=_id(challenge),
            institute_id=_id(firm),
            approach=f"{firm.name}方案：{challenge.title}（示例）",
            team="教授 1 名、博士 3 名（示例）",
            budget_wan=challenge.budget_wan,
            timeline="18 个月分三阶段（示例）",
        )
        for firm in (first, second)
    ]
    session.add_all(rows)
    session.flush()
    return rows[0]


def _id(row: Enterprise | Challenge | ChallengeApplication) -> int:
    """The id of a flushed row (the tables type it optional until it is stored)."""
    assert row.id is not None
    return row.id
