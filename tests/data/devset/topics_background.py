"""Background industries: suppliers that no need in the set asks for (fields as in ``topics_dev``)."""

from __future__ import annotations

from topic import T, Topic


def _bg(key: str, cat: str, core: str, extra: str, en: str = "") -> Topic:
    return T(key, "background", cat, needs="", specs="", core=core, en=en, extra=extra)


BACKGROUND_TOPICS: tuple[Topic, ...] = (
    _bg("baijiu", "1512", "白酒酿造|酱香型白酒|原浆酒、散酒", "窖池300口|年产白酒2000吨|OEM贴牌"),
    _bg(
        "tea",
        "1530",
        "青砖茶|精制茶加工|赤壁青砖茶、米砖茶",
        "茶园基地|压制|出口俄罗斯",
        "dark brick tea",
    ),
    _bg("ramie", "1731", "苎麻纺织|麻纱、麻布|麻纤维", "纺纱锭数2万|色织"),
    _bg("bamboo", "2041", "竹制品|竹地板、竹胶板|竹筷、竹签", "楠竹资源|碳化"),
    _bg(
        "garment",
        "1819",
        "服装加工|针织服装|校服、职业装定制",
        "缝纫工200人|出口",
        "garment OEM manufacturing",
    ),
    _bg("furniture", "2110", "实木家具|板式家具|办公家具", "全屋定制|CNC开料"),
    _bg("construction", "4790", "房屋建筑施工|市政工程|装饰装修", "总承包二级资质|项目经理20名"),
    _bg(
        "software",
        "6513",
        "软件开发|ERP实施|小程序、APP定制开发",
        "软件著作权30项|外包团队",
        "custom software development",
    ),
    _bg("catering", "6241", "团餐配送|食堂承包|工作餐", "中央厨房|冷链配送"),
    _bg("ad_print", "2319", "广告印刷|宣传册、名片|喷绘写真", "海德堡印刷机|设计服务"),
    _bg("cement", "3011", "水泥生产|P.O42.5水泥|商品混凝土", "熟料线|散装运输"),
    _bg("glass", "3041", "浮法玻璃|钢化玻璃|中空玻璃深加工", "钢化炉|中空线"),
    _bg("pv_epc", "4416", "光伏电站EPC|分布式光伏|屋顶光伏安装", "装机容量200MW|运维"),
    _bg("fertilizer", "2624", "复合肥|有机肥|水溶肥", "年产10万吨|造粒"),
    _bg("tcm", "2730", "中药饮片|中药材种植|道地药材", "GAP基地|炮制"),
    _bg("car_dealer", "5261", "汽车4S店|整车销售|二手车置换", "售后维修|保险"),
    _bg("hotel", "6110", "酒店住宿|会议接待|温泉度假", "客房200间|会议室"),
    _bg("hr", "7262", "劳务派遣|人力资源外包|招聘服务", "派遣资质|灵活用工"),
    _bg("property", "7020", "物业管理|保洁服务|绿化养护", "一级资质|园区物业"),
    _bg("feed", "1329", "饲料生产|猪饲料、禽饲料|预混料", "年产20万吨|配方研发"),
    _bg("paper", "2221", "生活用纸|卫生纸、面巾纸|原纸", "纸机2台|竹浆"),
    _bg(
        "toys", "2452", "塑胶玩具|毛绒玩具|益智玩具", "出口欧美|EN71", "plastic toys and plush toys"
    ),
    _bg("elevator", "3435", "电梯安装维保|乘客电梯|自动扶梯", "特种设备安装许可|维保300台"),
    _bg("hvac", "3464", "中央空调安装|空调工程|净化工程", "机电安装资质|洁净室"),
    _bg("security", "3595", "安防监控|视频监控系统集成|门禁", "海康大华代理|弱电工程"),
    _bg("consult", "7243", "管理咨询|体系认证咨询|财务代账", "ISO体系辅导|税务筹划"),
    _bg("training", "8391", "职业技能培训|叉车证、电工证|学历提升", "培训基地|考点"),
    _bg("agri", "0141", "蔬菜种植|水果基地|家庭农场", "合作社|冷藏"),
    _bg("pharma", "2720", "化学药品制剂|片剂、胶囊剂|原料药", "GMP车间|一致性评价"),
    _bg("cosmetics", "2682", "化妆品OEM|护肤品代加工|洗护用品", "十万级车间|配方研发"),
)
