"""Demo content of the companies app: sectors, alliance cities and companies.

DEMO CONTENT. Osram, Allianz and Remondis are the real members the zone names; their texts
say only what is generic about them. Every other company, every contact person, and the
cities beyond Foshan, Taicang and Ludwigshafen (the alliance members named in public
sources) are invented for the demonstration, however plausible they look.

Rows are created or updated by slug, so loading twice creates no duplicates; a logo is
only drawn for a company that has none yet, so no duplicate files pile up either.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from .demo_logos import logo_png
from .models import City, Company, CompanyStatus, ContactPerson, Country, Sector, SizeClass

LANGUAGES = ("en", "de", "zh_hans")


def t(en, de, zh):
    """Return one text in English, German and Chinese."""
    return {"en": en, "de": de, "zh_hans": zh}


def translated(name, text):
    """Return ``{name_en: ..., name_de: ..., name_zh_hans: ...}`` for a model's columns."""
    return {f"{name}_{language}": text[language] for language in LANGUAGES}


SECTORS = [
    # slug, NACE, name
    ("lighting", "C27.4", t("Lighting", "Beleuchtung", "照明")),
    ("insurance", "K65", t("Insurance", "Versicherung", "保险")),
    (
        "recycling",
        "E38",
        t("Recycling and environmental services", "Recycling und Umweltdienstleistungen", "回收与环境服务"),
    ),
    ("automation", "C28", t("Industrial automation", "Industrieautomation", "工业自动化")),
    ("logistics", "H52", t("Logistics", "Logistik", "物流")),
    ("trade-fairs", "N82.3", t("Trade fairs", "Messen", "展会")),
    ("engineering", "M71", t("Engineering services", "Ingenieurdienstleistungen", "工程服务")),
    ("machinery", "C28", t("Machinery", "Maschinenbau", "机械制造")),
    ("education", "P85", t("Education and training", "Aus- und Weiterbildung", "教育与培训")),
]


@dataclass
class DemoCity:
    slug: str
    country: str
    name: dict
    region: dict
    latitude: float
    longitude: float
    joined: datetime.date
    description: dict
    partners: list = field(default_factory=list)


DEMO_NOTE = t(" (Demo entry.)", " (Demo-Eintrag.)", "（演示条目）")

CITIES = [
    DemoCity(
        "foshan",
        Country.CHINA,
        t("Foshan", "Foshan", "佛山"),
        t("Guangdong", "Guangdong", "广东"),
        23.02,
        113.12,
        datetime.date(2016, 4, 1),
        t(
            "Manufacturing city in the Pearl River Delta and seat of the alliance's secretariat; "
            "home of the Sino-German Industrial Services Zone in Shunde.",
            "Industriestadt im Perlflussdelta und Sitz des Sekretariats der Allianz; "
            "Standort der Chinesisch-Deutschen Industriedienstleistungszone in Shunde.",
            "珠江三角洲的制造业城市，城市联盟秘书处所在地，中德工业服务区位于顺德。",
        ),
        ["ludwigshafen", "hannover", "stuttgart"],
    ),
    DemoCity(
        "taicang",
        Country.CHINA,
        t("Taicang", "Taicang", "太仓"),
        t("Jiangsu", "Jiangsu", "江苏"),
        31.46,
        121.13,
        datetime.date(2016, 4, 1),
        t(
            "Port city near Shanghai where many German small and medium-sized manufacturers have settled.",
            "Hafenstadt bei Shanghai, in der sich viele deutsche Mittelständler angesiedelt haben.",
            "上海附近的港口城市，众多德国中小制造企业在此落户。",
        ),
        ["stuttgart", "duisburg"],
    ),
    DemoCity(
        "shenyang",
        Country.CHINA,
        t("Shenyang", "Shenyang", "沈阳"),
        t("Liaoning", "Liaoning", "辽宁"),
        41.81,
        123.43,
        datetime.date(2017, 6, 1),
        t(
            "Centre of heavy industry and equipment manufacturing in north-east China.",
            "Zentrum der Schwerindustrie und des Anlagenbaus im Nordosten Chinas.",
            "中国东北的重工业和装备制造中心。",
        ),
        ["duisburg"],
    ),
    DemoCity(
        "jieyang",
        Country.CHINA,
        t("Jieyang", "Jieyang", "揭阳"),
        t("Guangdong", "Guangdong", "广东"),
        23.55,
        116.37,
        datetime.date(2018, 5, 1),
        t(
            "City in eastern Guangdong with metalworking, recycling and a growing coastal industrial zone.",
            "Stadt im Osten Guangdongs mit Metallverarbeitung, Recycling "
            "und einem wachsenden Industriegebiet an der Küste.",
            "粤东城市，拥有金属加工、再生资源产业和不断发展的滨海工业区。",
        ),
        ["ludwigshafen"],
    ),
    DemoCity(
        "weifang",
        Country.CHINA,
        t("Weifang", "Weifang", "潍坊"),
        t("Shandong", "Shandong", "山东"),
        36.71,
        119.16,
        datetime.date(2019, 4, 1),
        t(
            "Industrial city in Shandong known for engines, agricultural machinery and its kite festival.",
            "Industriestadt in Shandong, bekannt für Motoren, Landmaschinen und ihr Drachenfest.",
            "山东工业城市，以发动机、农业机械和风筝节闻名。",
        ),
        ["hannover"],
    ),
    DemoCity(
        "ludwigshafen",
        Country.GERMANY,
        t("Ludwigshafen", "Ludwigshafen am Rhein", "路德维希港"),
        t("Rhineland-Palatinate", "Rheinland-Pfalz", "莱茵兰-普法尔茨"),
        49.48,
        8.44,
        datetime.date(2016, 4, 1),
        t(
            "Chemical industry city on the Rhine, founding member of the alliance on the German side.",
            "Chemiestandort am Rhein und Gründungsmitglied der Allianz auf deutscher Seite.",
            "莱茵河畔的化工城市，联盟德方创始成员。",
        ),
        ["foshan", "jieyang"],
    ),
    DemoCity(
        "hannover",
        Country.GERMANY,
        t("Hannover Region", "Region Hannover", "汉诺威地区"),
        t("Lower Saxony", "Niedersachsen", "下萨克森"),
        52.37,
        9.74,
        datetime.date(2017, 4, 1),
        t(
            "Trade fair city: the alliance's business matchmaking takes place at the Hannover Messe.",
            "Messestadt: Die Kooperationsbörse der Allianz findet auf der Hannover Messe statt.",
            "会展之城：联盟的企业对接活动在汉诺威工业博览会期间举行。",
        ),
        ["foshan", "weifang"],
    ),
    DemoCity(
        "stuttgart",
        Country.GERMANY,
        t("Stuttgart Region", "Region Stuttgart", "斯图加特地区"),
        t("Baden-Württemberg", "Baden-Württemberg", "巴登-符腾堡"),
        48.78,
        9.18,
        datetime.date(2017, 10, 1),
        t(
            "Region of automotive suppliers, mechanical engineering and family-owned mid-sized firms.",
            "Region der Automobilzulieferer, des Maschinenbaus und der familiengeführten Mittelständler.",
            "汽车零部件、机械工程和家族中型企业聚集的地区。",
        ),
        ["foshan", "taicang"],
    ),
    DemoCity(
        "duisburg",
        Country.GERMANY,
        t("Duisburg", "Duisburg", "杜伊斯堡"),
        t("North Rhine-Westphalia", "Nordrhein-Westfalen", "北莱茵-威斯特法伦"),
        51.43,
        6.76,
        datetime.date(2018, 9, 1),
        t(
            "Inland port on the Rhine and a terminus of rail freight between China and Europe.",
            "Binnenhafen am Rhein und Endpunkt des Schienengüterverkehrs zwischen China und Europa.",
            "莱茵河畔的内河港口，中欧铁路货运的终点之一。",
        ),
        ["taicang", "shenyang"],
    ),
]

# Alliance members named in public sources; the others are marked as demo entries.
DOCUMENTED_CITIES = {"foshan", "taicang", "ludwigshafen"}


@dataclass
class DemoCompany:
    slug: str
    name: dict
    country: str
    sectors: list
    city: str
    headquarters: dict
    size: str
    summary: dict
    profile: dict
    services: list
    founded: int | None = None
    member_since: datetime.date | None = None
    status: str = CompanyStatus.PUBLISHED
    featured: bool = False
    website: str = ""
    contacts: list = field(default_factory=list)

    @property
    def invented(self):
        return not self.website

    @property
    def contact_email(self):
        # Invented companies get addresses under .example, reserved so they never reach anyone.
        return f"info@{self.slug}.example" if self.invented else ""

    @property
    def site(self):
        return f"https://www.{self.slug}.example" if self.invented else self.website


@dataclass
class DemoContact:
    name: str
    role: dict
    languages: str
    is_public: bool = True


def member(year, month=1):
    return datetime.date(year, month, 1)


SALES = t("Sales manager", "Vertriebsleitung", "销售经理")
PROJECTS = t("Project manager", "Projektleitung", "项目经理")
CHINA_DESK = t("China desk", "China-Desk", "中国业务负责人")
GERMANY_DESK = t("Germany desk", "Deutschland-Desk", "德国业务负责人")

COMPANIES = [
    # --- The real members the zone names: generic texts only. ---------------------------
    DemoCompany(
        "osram",
        t("Osram", "Osram", "欧司朗"),
        Country.GERMANY,
        ["lighting"],
        "foshan",
        t("Munich, Germany", "München, Deutschland", "德国慕尼黑"),
        SizeClass.LARGE,
        t(
            "German lighting company and member of the Sino-German Industrial Services Zone.",
            "Deutsches Lichtunternehmen und Mitglied der Chinesisch-Deutschen Industriedienstleistungszone.",
            "德国照明企业，中德工业服务区成员。",
        ),
        t(
            "Osram is one of the German companies the zone names among its members. "
            "This demo profile only shows how a lighting company appears in the directory.",
            "Osram gehört zu den deutschen Unternehmen, die die Zone als Mitglieder nennt. "
            "Dieses Demo-Profil zeigt nur, wie ein Lichtunternehmen im Verzeichnis erscheint.",
            "欧司朗是服务区列出的德国成员企业之一。此演示资料仅展示照明企业在名录中的呈现方式。",
        ),
        [t("Lighting", "Beleuchtung", "照明"), t("Lighting technology", "Lichttechnik", "照明技术")],
        member_since=member(2016, 4),
        featured=True,
        website="https://www.osram.com",
    ),
    DemoCompany(
        "allianz",
        t("Allianz", "Allianz", "安联"),
        Country.GERMANY,
        ["insurance"],
        "foshan",
        t("Munich, Germany", "München, Deutschland", "德国慕尼黑"),
        SizeClass.LARGE,
        t(
            "German insurance group and member of the Sino-German Industrial Services Zone.",
            "Deutscher Versicherungskonzern und Mitglied der Chinesisch-Deutschen Industriedienstleistungszone.",
            "德国保险集团，中德工业服务区成员。",
        ),
        t(
            "Allianz is one of the German companies the zone names among its members. "
            "This demo profile only shows how an insurer appears in the directory.",
            "Allianz gehört zu den deutschen Unternehmen, die die Zone als Mitglieder nennt. "
            "Dieses Demo-Profil zeigt nur, wie ein Versicherer im Verzeichnis erscheint.",
            "安联是服务区列出的德国成员企业之一。此演示资料仅展示保险企业在名录中的呈现方式。",
        ),
        [t("Insurance", "Versicherung", "保险"), t("Industrial insurance", "Industrieversicherung", "工业保险")],
        member_since=member(2016, 4),
        featured=True,
        website="https://www.allianz.com",
    ),
    DemoCompany(
        "remondis",
        t("Remondis", "Remondis", "瑞曼迪斯"),
        Country.GERMANY,
        ["recycling"],
        "foshan",
        t("Lünen, Germany", "Lünen, Deutschland", "德国吕能"),
        SizeClass.LARGE,
        t(
            "German recycling and waste management company, member of the Sino-German Industrial Services Zone.",
            "Deutsches Unternehmen für Recycling und Abfallwirtschaft, Mitglied der Industriedienstleistungszone.",
            "德国回收与废物管理企业，中德工业服务区成员。",
        ),
        t(
            "Remondis is one of the German companies the zone names among its members. "
            "This demo profile only shows how a recycling company appears in the directory.",
            "Remondis gehört zu den deutschen Unternehmen, die die Zone als Mitglieder nennt. "
            "Dieses Demo-Profil zeigt nur, wie ein Unternehmen der Abfallwirtschaft und des Recyclings "
            "im Verzeichnis erscheint.",
            "瑞曼迪斯是服务区列出的德国成员企业之一。此演示资料仅展示回收企业在名录中的呈现方式。",
        ),
        [
            t("Recycling", "Recycling", "回收利用"),
            t("Waste management", "Abfallwirtschaft", "废物管理"),
            t("Water management", "Wasserwirtschaft", "水务管理"),
        ],
        member_since=member(2016, 4),
        featured=True,
        website="https://www.remondis.com",
    ),
    # --- Invented German companies. -------------------------------------------------------
    DemoCompany(
        "rheinwerk-automation",
        t("Rheinwerk Automation", "Rheinwerk Automation GmbH", "莱茵工业自动化"),
        Country.GERMANY,
        ["automation", "engineering"],
        "ludwigshafen",
        t("Ludwigshafen, Germany", "Ludwigshafen am Rhein", "德国路德维希港"),
        SizeClass.MEDIUM,
        t(
            "Control systems and retrofits for process plants, with a service team in Foshan.",
            "Steuerungstechnik und Modernisierung von Prozessanlagen, mit Serviceteam in Foshan.",
            "为流程工厂提供控制系统和改造服务，在佛山设有服务团队。",
        ),
        t(
            "Rheinwerk designs and commissions control systems for chemical and food plants. "
            "Its engineers in Foshan modernise older lines without long shutdowns.",
            "Rheinwerk plant und nimmt Steuerungen für Chemie- und Lebensmittelanlagen in Betrieb. "
            "Die Ingenieure in Foshan modernisieren ältere Linien ohne lange Stillstände.",
            "莱茵工业自动化为化工和食品工厂设计并调试控制系统。其佛山工程师团队可在不长时间停产的情况下改造旧产线。",
        ),
        [
            t("PLC programming", "SPS-Programmierung", "PLC编程"),
            t("Plant retrofits", "Anlagenmodernisierung", "工厂改造"),
            t("Commissioning", "Inbetriebnahme", "调试"),
        ],
        founded=1994,
        member_since=member(2017, 3),
        featured=True,
        contacts=[DemoContact("Katrin Vogel", CHINA_DESK, "German, English, Chinese")],
    ),
    DemoCompany(
        "hanse-logistik-partner",
        t("Hanse Logistics Partner", "Hanse Logistik Partner GmbH", "汉萨物流伙伴"),
        Country.GERMANY,
        ["logistics"],
        "duisburg",
        t("Duisburg, Germany", "Duisburg, Deutschland", "德国杜伊斯堡"),
        SizeClass.MEDIUM,
        t(
            "Rail and sea freight between the Ruhr and South China, customs included.",
            "Schienen- und Seefracht zwischen Ruhrgebiet und Südchina, inklusive Zollabwicklung.",
            "鲁尔区与华南之间的铁路和海运货运，含清关服务。",
        ),
        t(
            "Hanse Logistics Partner books container space on the China–Europe rail routes and by sea. "
            "Its Duisburg team handles customs, warehousing and the last mile in Germany.",
            "Hanse Logistik Partner bucht Containerplätze auf den China-Europa-Bahnrouten und per Schiff. "
            "Das Team in Duisburg übernimmt Zoll, Lagerung und die letzte Meile in Deutschland.",
            "汉萨物流伙伴在中欧班列和海运航线上预订集装箱舱位。杜伊斯堡团队负责清关、仓储和德国境内的最后一公里配送。",
        ),
        [
            t("Rail freight", "Schienengüterverkehr", "铁路货运"),
            t("Customs clearance", "Zollabwicklung", "报关清关"),
            t("Warehousing", "Lagerlogistik", "仓储"),
        ],
        founded=2008,
        member_since=member(2018, 9),
        contacts=[DemoContact("Jonas Petersen", SALES, "German, English")],
    ),
    DemoCompany(
        "neckar-maschinenbau",
        t("Neckar Machine Works", "Neckar Maschinenbau AG", "内卡机械制造"),
        Country.GERMANY,
        ["machinery"],
        "stuttgart",
        t("Esslingen, Germany", "Esslingen am Neckar", "德国埃斯林根"),
        SizeClass.LARGE,
        t(
            "Special-purpose machines for metal forming, built in Swabia and serviced in China.",
            "Sondermaschinen für die Umformtechnik, gebaut in Schwaben, gewartet in China.",
            "金属成形专用机床，在施瓦本制造，在中国提供维护服务。",
        ),
        t(
            "Neckar Machine Works builds presses and forming lines for automotive suppliers. "
            "Spare parts and service technicians are available from the zone in Foshan.",
            "Die Neckar Maschinenbau AG baut Pressen und Umformlinien für Automobilzulieferer. "
            "Ersatzteile und Servicetechniker stehen in der Zone in Foshan bereit.",
            "内卡机械制造为汽车零部件供应商制造压力机和成形生产线。佛山服务区内备有备件和服务技术人员。",
        ),
        [
            t("Forming presses", "Umformpressen", "成形压力机"),
            t("Spare parts", "Ersatzteile", "备件供应"),
            t("Machine maintenance", "Maschinenwartung", "设备维护"),
        ],
        founded=1921,
        member_since=member(2017, 10),
    ),
    DemoCompany(
        "leinetal-messeservice",
        t("Leinetal Trade Fair Services", "Leinetal Messeservice GmbH", "莱纳河谷展会服务"),
        Country.GERMANY,
        ["trade-fairs"],
        "hannover",
        t("Hannover, Germany", "Hannover, Deutschland", "德国汉诺威"),
        SizeClass.SMALL,
        t(
            "Stands, interpreters and appointments for Chinese exhibitors at German trade fairs.",
            "Messestände, Dolmetscher und Termine für chinesische Aussteller auf deutschen Messen.",
            "为参加德国展会的中国展商提供展台、翻译和商务约见服务。",
        ),
        t(
            "Leinetal organises joint stands and business matchmaking with interpreters at the Hannover Messe. "
            "It also prepares German delegations for fairs in Foshan.",
            "Leinetal organisiert Gemeinschaftsstände und Kooperationsbörsen mit Dolmetschern auf der Hannover Messe. "
            "Außerdem bereitet die Firma deutsche Delegationen auf Messen in Foshan vor.",
            "莱纳河谷在汉诺威工业博览会上组织联合展台和配备翻译的企业对接活动，并为赴佛山参展的德国代表团做准备。",
        ),
        [
            t("Joint stands", "Gemeinschaftsstände", "联合展台"),
            t("Interpreters", "Dolmetscher", "口译服务"),
            t("Business matchmaking", "Kooperationsbörsen", "企业对接"),
        ],
        founded=2001,
        member_since=member(2017, 4),
        contacts=[
            DemoContact("Sabine Hoffmann", PROJECTS, "German, English"),
            DemoContact("Chen Yu", CHINA_DESK, "Chinese, German, English"),
        ],
    ),
    DemoCompany(
        "pfalz-ingenieurbuero-weber",
        t("Weber Engineering Palatinate", "Ingenieurbüro Weber Pfalz", "普法尔茨韦伯工程"),
        Country.GERMANY,
        ["engineering"],
        "ludwigshafen",
        t("Ludwigshafen, Germany", "Ludwigshafen am Rhein", "德国路德维希港"),
        SizeClass.SMALL,
        t(
            "Plant safety and permit engineering for chemical sites in Germany and China.",
            "Anlagensicherheit und Genehmigungsplanung für Chemiestandorte in Deutschland und China.",
            "为德国和中国化工园区提供工厂安全和许可审批工程服务。",
        ),
        t(
            "Weber Engineering prepares hazard studies and permit documents for process plants. "
            "It advises Chinese investors on German approval procedures.",
            "Das Ingenieurbüro Weber erstellt Gefährdungsanalysen und Genehmigungsunterlagen für Prozessanlagen. "
            "Chinesische Investoren berät es zu deutschen Genehmigungsverfahren.",
            "韦伯工程为流程工厂编制危险分析和许可文件，并为中国投资者提供德国审批程序咨询。",
        ),
        [
            t("Hazard studies", "Gefährdungsanalysen", "危险分析"),
            t("Permit planning", "Genehmigungsplanung", "许可规划"),
        ],
        founded=1987,
        member_since=member(2019, 2),
    ),
    DemoCompany(
        "duale-akademie-ruhr",
        t("Ruhr Dual Academy", "Duale Akademie Ruhr", "鲁尔双元学院"),
        Country.GERMANY,
        ["education"],
        "duisburg",
        t("Duisburg, Germany", "Duisburg, Deutschland", "德国杜伊斯堡"),
        SizeClass.SMALL,
        t(
            "Dual vocational training for mechatronics and logistics, taught in German and Chinese.",
            "Duale Berufsausbildung in Mechatronik und Logistik, auf Deutsch und Chinesisch.",
            "机电一体化和物流专业的双元制职业培训，以德语和中文授课。",
        ),
        t(
            "The academy trains apprentices and trainers following the German dual system. "
            "Courses for Chinese partner companies combine classroom weeks with practice in the plant.",
            "Die Akademie bildet Auszubildende und Ausbilder nach dem deutschen dualen System aus. "
            "Kurse für chinesische Partnerfirmen verbinden Unterrichtswochen mit Praxis im Betrieb.",
            "学院按照德国双元制培养学徒和培训师。为中国合作企业开设的课程将课堂学习与工厂实践相结合。",
        ),
        [
            t("Apprenticeships", "Ausbildung", "学徒培训"),
            t("Train-the-trainer", "Ausbilderschulung", "培训师培训"),
            t("Exam preparation", "Prüfungsvorbereitung", "考试辅导"),
        ],
        founded=2012,
        member_since=member(2018, 11),
    ),
    DemoCompany(
        "kreislauf-umwelttechnik",
        t("Kreislauf Environmental Technology", "Kreislauf Umwelttechnik GmbH", "循环环境技术"),
        Country.GERMANY,
        ["recycling", "engineering"],
        "hannover",
        t("Hannover, Germany", "Hannover, Deutschland", "德国汉诺威"),
        SizeClass.MEDIUM,
        t(
            "Sorting plants for plastic and metal scrap, planned and built turnkey.",
            "Sortieranlagen für Kunststoff- und Metallschrott, schlüsselfertig geplant und gebaut.",
            "交钥匙规划和建设塑料与废金属分选设备。",
        ),
        t(
            "Kreislauf plans sorting and shredding plants for municipal and industrial waste. "
            "Its recycling plants run in both countries.",
            "Kreislauf plant Sortier- und Zerkleinerungsanlagen für kommunale und gewerbliche Abfälle. "
            "Die Anlagen für Recycling und Kreislaufwirtschaft laufen in beiden Ländern.",
            "循环环境技术为城市和工业废物规划分选与破碎设备，其设备在中德两国运行。",
        ),
        [
            t("Sorting plants", "Sortieranlagen", "分选设备"),
            t("Shredders", "Zerkleinerer", "破碎机"),
            t("Plant operation", "Anlagenbetrieb", "设备运营"),
        ],
        founded=1999,
        member_since=member(2020, 6),
    ),
    DemoCompany(
        "schwaben-praezisionstechnik",
        t("Swabia Precision Technology", "Schwaben Präzisionstechnik GmbH", "施瓦本精密技术"),
        Country.GERMANY,
        ["machinery", "automation"],
        "taicang",
        t("Reutlingen, Germany", "Reutlingen, Deutschland", "德国罗伊特林根"),
        SizeClass.MEDIUM,
        t(
            "Precision turned parts and assembly cells, produced in Swabia and in Taicang.",
            "Präzisionsdrehteile und Montagezellen, gefertigt in Schwaben und in Taicang.",
            "精密车削零件和装配单元，在施瓦本和太仓生产。",
        ),
        t(
            "A family business in its third generation, with a plant in Taicang since 2009. "
            "It supplies turned parts and automated assembly cells to the automotive industry.",
            "Ein Familienunternehmen in dritter Generation, seit 2009 mit einem Werk in Taicang. "
            "Es liefert Drehteile und automatisierte Montagezellen an die Automobilindustrie.",
            "第三代家族企业，2009年起在太仓设厂，为汽车行业供应车削零件和自动化装配单元。",
        ),
        [
            t("Turned parts", "Drehteile", "车削零件"),
            t("Assembly cells", "Montagezellen", "装配单元"),
        ],
        founded=1962,
        member_since=member(2016, 9),
        contacts=[DemoContact("Markus Keller", GERMANY_DESK, "German, English")],
    ),
    DemoCompany(
        "lichtform-leuchten",
        t("Lichtform Luminaires", "Lichtform Leuchten GmbH", "光形灯具"),
        Country.GERMANY,
        ["lighting", "engineering"],
        "foshan",
        t("Lüdenscheid, Germany", "Lüdenscheid, Deutschland", "德国吕登沙伊德"),
        SizeClass.SMALL,
        t(
            "Lighting design for factories and warehouses, with luminaires made in Foshan.",
            "Lichtplanung für Fabriken und Lager, mit Leuchten aus Foshan.",
            "为工厂和仓库提供照明设计，灯具在佛山生产。",
        ),
        t(
            "Lichtform plans energy-saving lighting for industrial halls and has it built by partners in Foshan. "
            "Its engineers measure light levels before and after each project.",
            "Lichtform plant energiesparende Beleuchtung für Industriehallen und lässt sie bei Partnern "
            "in Foshan fertigen. Die Ingenieure messen die Beleuchtungsstärke vor und nach jedem Projekt.",
            "光形灯具为工业厂房规划节能照明，并由佛山合作伙伴生产。其工程师在每个项目前后测量照度。",
        ),
        [
            t("Lighting design", "Lichtplanung", "照明设计"),
            t("LED retrofits", "LED-Umrüstung", "LED改造"),
        ],
        founded=2005,
        member_since=member(2019, 5),
    ),
    DemoCompany(
        "rhein-main-industrieversicherung",
        t(
            "Rhine-Main Industrial Insurance Brokers",
            "Rhein-Main Industrieversicherungsmakler",
            "莱茵美因工业保险经纪",
        ),
        Country.GERMANY,
        ["insurance"],
        "foshan",
        t("Frankfurt am Main, Germany", "Frankfurt am Main", "德国法兰克福"),
        SizeClass.SMALL,
        t(
            "Insurance brokers for German mid-sized firms with plants or suppliers in China.",
            "Versicherungsmakler für deutsche Mittelständler mit Werken oder Lieferanten in China.",
            "为在中国设有工厂或供应商的德国中型企业提供保险经纪服务。",
        ),
        t(
            "The brokers compare property, liability and transport insurance in both countries. "
            "A bilingual team in Foshan helps with claims on site.",
            "Die Makler vergleichen Sach-, Haftpflicht- und Transportversicherungen in beiden Ländern. "
            "Ein zweisprachiges Team in Foshan hilft bei Schäden vor Ort.",
            "经纪团队对比两国的财产险、责任险和运输险。佛山的双语团队可在当地协助理赔。",
        ),
        [
            t("Property insurance", "Sachversicherung", "财产保险"),
            t("Liability insurance", "Haftpflichtversicherung", "责任保险"),
            t("Transport insurance", "Transportversicherung", "运输保险"),
        ],
        founded=1996,
        member_since=member(2018, 3),
    ),
    DemoCompany(
        "kontor-sued-foerdertechnik",
        t("Kontor Süd Conveyor Systems", "Kontor Süd Fördertechnik GmbH", "南方输送技术"),
        Country.GERMANY,
        ["machinery", "logistics"],
        "stuttgart",
        t("Heilbronn, Germany", "Heilbronn, Deutschland", "德国海尔布隆"),
        SizeClass.MEDIUM,
        t(
            "Conveyor and storage systems for warehouses and production lines.",
            "Förder- und Lagertechnik für Lager und Produktionslinien.",
            "用于仓库和生产线的输送与存储系统。",
        ),
        t(
            "Kontor Süd builds roller conveyors, shuttles and small-parts warehouses. "
            "It looks for assembly partners in China for its standard modules.",
            "Kontor Süd baut Rollenförderer, Shuttles und Kleinteilelager. "
            "Für seine Standardmodule sucht das Unternehmen Montagepartner in China.",
            "南方输送技术制造辊道输送机、穿梭车和小件仓储系统，正为其标准模块寻找中国装配合作伙伴。",
        ),
        [
            t("Roller conveyors", "Rollenförderer", "辊道输送机"),
            t("Small-parts warehouses", "Kleinteilelager", "小件仓储"),
        ],
        founded=1978,
        member_since=member(2021, 4),
    ),
    DemoCompany(
        "hannover-robotik-schulungszentrum",
        t("Hannover Robotics Training Centre", "Robotik-Schulungszentrum Hannover", "汉诺威机器人培训中心"),
        Country.GERMANY,
        ["education", "automation"],
        "hannover",
        t("Hannover, Germany", "Hannover, Deutschland", "德国汉诺威"),
        SizeClass.MICRO,
        t(
            "Robot programming courses for technicians, in Hannover and at the zone in Foshan.",
            "Kurse in Roboterprogrammierung für Techniker, in Hannover und in der Zone in Foshan.",
            "面向技术人员的机器人编程课程，在汉诺威和佛山服务区开设。",
        ),
        t(
            "Small groups learn to program, maintain and safely operate industrial robots. "
            "Courses end with a certificate recognised by partner companies in both countries.",
            "In kleinen Gruppen lernen Teilnehmende, Industrieroboter zu programmieren, zu warten "
            "und sicher zu bedienen. Die Kurse schließen mit einem Zertifikat ab.",
            "学员以小组形式学习工业机器人的编程、维护和安全操作，课程结束后颁发证书。",
        ),
        [
            t("Robot programming", "Roboterprogrammierung", "机器人编程"),
            t("Safety training", "Sicherheitsschulung", "安全培训"),
        ],
        founded=2015,
        member_since=member(2019, 9),
        contacts=[DemoContact("Lena Brandt", t("Course director", "Kursleitung", "课程主管"), "German, English")],
    ),
    DemoCompany(
        "brandt-wassertechnik",
        t("Brandt Water Technology", "Brandt Wasser- und Umwelttechnik", "布兰特水务环境"),
        Country.GERMANY,
        ["recycling", "engineering"],
        "duisburg",
        t("Duisburg, Germany", "Duisburg, Deutschland", "德国杜伊斯堡"),
        SizeClass.SMALL,
        t(
            "Industrial wastewater treatment and water recycling for factories.",
            "Industrielle Abwasserbehandlung und Wasserrecycling für Fabriken.",
            "为工厂提供工业废水处理和水循环利用服务。",
        ),
        t(
            "Brandt plans treatment plants that let factories reuse process water. "
            "It works with Chinese contractors who build the plants locally.",
            "Brandt plant Kläranlagen, mit denen Fabriken ihr Prozesswasser wiederverwenden. "
            "Gebaut werden sie von chinesischen Partnerfirmen vor Ort.",
            "布兰特规划污水处理设施，帮助工厂回用工艺用水，并与在当地施工的中国承包商合作。",
        ),
        [
            t("Wastewater treatment", "Abwasserbehandlung", "废水处理"),
            t("Water recycling", "Wasserrecycling", "水循环利用"),
        ],
        founded=1991,
        member_since=member(2020, 2),
    ),
    DemoCompany(
        "mittelstand-digital-engineering",
        t("Mittelstand Digital Engineering", "Mittelstand Digital Engineering GmbH", "中小企业数字工程"),
        Country.GERMANY,
        ["engineering", "automation"],
        "stuttgart",
        t("Stuttgart, Germany", "Stuttgart, Deutschland", "德国斯图加特"),
        SizeClass.SMALL,
        t(
            "Digital twins and machine data for small factories (draft profile).",
            "Digitale Zwillinge und Maschinendaten für kleine Fabriken (Entwurf).",
            "为小型工厂提供数字孪生和设备数据服务（草稿）。",
        ),
        t(
            "This profile is still being written and is not shown to visitors.",
            "Dieses Profil wird noch geschrieben und ist für Besucher nicht sichtbar.",
            "此资料仍在编写中，访客不可见。",
        ),
        [t("Digital twins", "Digitale Zwillinge", "数字孪生")],
        founded=2019,
        status=CompanyStatus.DRAFT,
    ),
    # --- Invented Chinese companies. -------------------------------------------------------
    DemoCompany(
        "shunde-huaguang-lighting",
        t("Shunde Huaguang Lighting", "Shunde Huaguang Beleuchtung", "顺德华光照明有限公司"),
        Country.CHINA,
        ["lighting"],
        "foshan",
        t("Shunde, Foshan", "Shunde, Foshan", "佛山市顺德区"),
        SizeClass.MEDIUM,
        t(
            "LED luminaires for industry and streets, made to European standards.",
            "LED-Leuchten für Industrie und Straßen, gefertigt nach europäischen Normen.",
            "按欧洲标准生产的工业和道路LED灯具。",
        ),
        t(
            "Huaguang makes LED high-bay and street luminaires and has them certified for the EU market. "
            "It is looking for German distributors and lighting designers.",
            "Huaguang fertigt LED-Hallen- und Straßenleuchten und lässt sie für den EU-Markt zertifizieren. "
            "Gesucht werden deutsche Vertriebspartner und Lichtplaner.",
            "华光照明生产LED工矿灯和路灯，并取得欧盟市场认证，正在寻找德国经销商和照明设计合作伙伴。",
        ),
        [
            t("LED high-bay luminaires", "LED-Hallenleuchten", "LED工矿灯"),
            t("Street lighting", "Straßenbeleuchtung", "道路照明"),
            t("OEM production", "Auftragsfertigung", "OEM代工"),
        ],
        founded=2003,
        member_since=member(2016, 11),
        featured=True,
        contacts=[DemoContact("Liang Jiahui", SALES, "Chinese, English")],
    ),
    DemoCompany(
        "nanhai-precision-machinery",
        t("Nanhai Precision Machinery", "Nanhai Präzisionsmaschinen", "佛山南海精工机械有限公司"),
        Country.CHINA,
        ["machinery"],
        "foshan",
        t("Nanhai, Foshan", "Nanhai, Foshan", "佛山市南海区"),
        SizeClass.MEDIUM,
        t(
            "CNC machining and welded frames for machine builders.",
            "CNC-Bearbeitung und Schweißgestelle für Maschinenbauer.",
            "为机械制造商提供数控加工和焊接机架。",
        ),
        t(
            "Nanhai Precision machines and welds frames and housings for German and Chinese machine builders. "
            "Its quality lab measures every first article in three dimensions.",
            "Nanhai Präzision bearbeitet und schweißt Gestelle und Gehäuse für deutsche und chinesische "
            "Maschinenbauer. Das Qualitätslabor vermisst jedes Erstmuster dreidimensional.",
            "南海精工为中德机械制造商加工和焊接机架与外壳，其质检实验室对每件首件进行三坐标测量。",
        ),
        [
            t("CNC machining", "CNC-Bearbeitung", "数控加工"),
            t("Welded frames", "Schweißkonstruktionen", "焊接结构件"),
            t("First-article inspection", "Erstmusterprüfung", "首件检验"),
        ],
        founded=1998,
        member_since=member(2017, 6),
    ),
    DemoCompany(
        "lingnan-smart-automation",
        t("Lingnan Smart Automation", "Lingnan Smart Automation", "岭南智能自动化科技有限公司"),
        Country.CHINA,
        ["automation"],
        "foshan",
        t("Shunde, Foshan", "Shunde, Foshan", "佛山市顺德区"),
        SizeClass.SMALL,
        t(
            "Robot cells for furniture and home-appliance makers in the Pearl River Delta.",
            "Roboterzellen für Möbel- und Haushaltsgerätehersteller im Perlflussdelta.",
            "为珠三角家具和家电制造商提供机器人工作站。",
        ),
        t(
            "Lingnan integrates robots from German and Chinese makers into painting, handling and packing cells. "
            "Its engineers trained at the zone's robotics academy.",
            "Lingnan integriert Roboter deutscher und chinesischer Hersteller in Lackier-, Handling- und "
            "Verpackungszellen. Die Ingenieure wurden an der Robotik-Akademie der Zone geschult.",
            "岭南智能将中德品牌机器人集成到喷涂、搬运和包装工作站中，其工程师曾在服务区机器人学院接受培训。",
        ),
        [
            t("Robot integration", "Roboterintegration", "机器人集成"),
            t("Painting cells", "Lackierzellen", "喷涂工作站"),
            t("Packing lines", "Verpackungslinien", "包装线"),
        ],
        founded=2014,
        member_since=member(2018, 1),
        contacts=[DemoContact("He Zhiqiang", PROJECTS, "Chinese, English")],
    ),
    DemoCompany(
        "taicang-harbour-logistics",
        t("Taicang Harbour Logistics", "Taicang Hafenlogistik", "太仓港联物流有限公司"),
        Country.CHINA,
        ["logistics"],
        "taicang",
        t("Taicang, Jiangsu", "Taicang, Jiangsu", "江苏省太仓市"),
        SizeClass.MEDIUM,
        t(
            "Port logistics and bonded warehousing for German manufacturers in Taicang.",
            "Hafenlogistik und Zolllager für deutsche Hersteller in Taicang.",
            "为太仓德资制造企业提供港口物流和保税仓储服务。",
        ),
        t(
            "The company runs bonded warehouses next to Taicang port and delivers parts to plants just in time. "
            "German-speaking staff coordinate with European shippers.",
            "Das Unternehmen betreibt Zolllager am Hafen Taicang und liefert Teile just in time an die Werke. "
            "Deutschsprachige Mitarbeitende stimmen sich mit europäischen Versendern ab.",
            "公司在太仓港旁经营保税仓库，为工厂准时配送零部件，由会说德语的员工与欧洲发货方对接。",
        ),
        [
            t("Bonded warehousing", "Zolllager", "保税仓储"),
            t("Just-in-time delivery", "Just-in-time-Belieferung", "准时配送"),
            t("Port handling", "Hafenumschlag", "港口装卸"),
        ],
        founded=2006,
        member_since=member(2016, 6),
        contacts=[DemoContact("Zhou Lin", GERMANY_DESK, "Chinese, German, English")],
    ),
    DemoCompany(
        "taicang-dual-skills-academy",
        t("Taicang Dual Skills Academy", "Taicang Akademie für duale Ausbildung", "太仓双元技能学院"),
        Country.CHINA,
        ["education"],
        "taicang",
        t("Taicang, Jiangsu", "Taicang, Jiangsu", "江苏省太仓市"),
        SizeClass.SMALL,
        t(
            "Apprenticeships on the German model for the region's manufacturers.",
            "Ausbildung nach deutschem Vorbild für die Hersteller der Region.",
            "为本地制造企业提供德国模式的学徒培训。",
        ),
        t(
            "The academy trains industrial mechanics and mechatronics technicians together with local companies. "
            "Final exams follow German chamber standards.",
            "Die Akademie bildet gemeinsam mit Firmen vor Ort Industriemechaniker und Mechatroniker aus. "
            "Die Abschlussprüfungen folgen den Standards deutscher Kammern.",
            "学院与本地企业合作培养工业机械工和机电一体化技术人员，结业考试遵循德国行业协会标准。",
        ),
        [
            t("Industrial mechanics", "Industriemechanik", "工业机械"),
            t("Mechatronics", "Mechatronik", "机电一体化"),
        ],
        founded=2011,
        member_since=member(2017, 2),
    ),
    DemoCompany(
        "shenyang-heavy-equipment-services",
        t("Shenyang Heavy Equipment Services", "Shenyang Schwermaschinen-Service", "沈阳重装设备服务有限公司"),
        Country.CHINA,
        ["machinery", "engineering"],
        "shenyang",
        t("Shenyang, Liaoning", "Shenyang, Liaoning", "辽宁省沈阳市"),
        SizeClass.LARGE,
        t(
            "Overhaul and installation of mills, compressors and large gearboxes.",
            "Überholung und Montage von Walzwerken, Verdichtern und großen Getrieben.",
            "轧机、压缩机和大型齿轮箱的大修与安装。",
        ),
        t(
            "The company installs and overhauls heavy equipment for steel, mining and energy customers. "
            "It works as the Chinese service partner of several German machine builders.",
            "Das Unternehmen montiert und überholt Schwermaschinen für Stahl-, Bergbau- und Energiekunden. "
            "Für mehrere deutsche Maschinenbauer ist es Servicepartner in China.",
            "公司为钢铁、矿业和能源客户安装和大修重型设备，是多家德国机械制造商在华服务合作伙伴。",
        ),
        [
            t("Equipment installation", "Anlagenmontage", "设备安装"),
            t("Gearbox overhaul", "Getriebeüberholung", "齿轮箱大修"),
        ],
        founded=1993,
        member_since=member(2017, 7),
    ),
    DemoCompany(
        "shenyang-northern-environmental",
        t("Shenyang Northern Environmental Technology", "Shenyang Nord Umwelttechnik", "沈阳北方环保科技有限公司"),
        Country.CHINA,
        ["recycling"],
        "shenyang",
        t("Shenyang, Liaoning", "Shenyang, Liaoning", "辽宁省沈阳市"),
        SizeClass.MEDIUM,
        t(
            "Recycling of industrial waste and contaminated soil remediation.",
            "Recycling von Industrieabfällen und Sanierung belasteter Böden.",
            "工业废物回收利用和污染土壤修复。",
        ),
        t(
            "Northern Environmental collects and recycles industrial waste from plants in Liaoning. "
            "It seeks German partners for sorting technology and soil treatment.",
            "Nord Umwelttechnik sammelt und verwertet Industrieabfälle aus Werken in Liaoning "
            "(Abfallwirtschaft und Recycling). Gesucht werden deutsche Partner für Sortier- und Bodentechnik.",
            "北方环保收集并回收辽宁工厂的工业废物，正在寻找分选技术和土壤处理方面的德国合作伙伴。",
        ),
        [
            t("Industrial waste recycling", "Verwertung von Industrieabfällen", "工业废物回收"),
            t("Soil remediation", "Bodensanierung", "土壤修复"),
        ],
        founded=2007,
        member_since=member(2018, 4),
    ),
    DemoCompany(
        "jieyang-metal-recycling",
        t("Jieyang Metal Recycling", "Jieyang Metallrecycling", "揭阳金属再生资源有限公司"),
        Country.CHINA,
        ["recycling"],
        "jieyang",
        t("Jieyang, Guangdong", "Jieyang, Guangdong", "广东省揭阳市"),
        SizeClass.MEDIUM,
        t(
            "Stainless steel and copper scrap, sorted and traced for steelworks and foundries.",
            "Edelstahl- und Kupferschrott, sortiert und rückverfolgbar für Stahlwerke und Gießereien.",
            "为钢厂和铸造厂提供经分选且可追溯的不锈钢和铜废料。",
        ),
        t(
            "The company buys, sorts and analyses metal scrap from the region's metalworking shops. "
            "Each batch comes with an analysis certificate.",
            "Das Unternehmen kauft, sortiert und analysiert Metallschrott aus den Metallbetrieben der Region. "
            "Jede Charge erhält ein Analysezertifikat.",
            "公司收购、分选并分析本地金属加工企业的废金属，每批货物均附有分析证书。",
        ),
        [
            t("Scrap sorting", "Schrottsortierung", "废料分选"),
            t("Alloy analysis", "Legierungsanalyse", "合金分析"),
        ],
        founded=2010,
        member_since=member(2018, 5),
    ),
    DemoCompany(
        "jieyang-coastal-expo-services",
        t("Jieyang Coastal Expo Services", "Jieyang Küsten-Messeservice", "揭阳滨海会展服务有限公司"),
        Country.CHINA,
        ["trade-fairs"],
        "jieyang",
        t("Jieyang, Guangdong", "Jieyang, Guangdong", "广东省揭阳市"),
        SizeClass.SMALL,
        t(
            "Trade fair organisation and stand building in eastern Guangdong.",
            "Messeorganisation und Standbau im Osten Guangdongs.",
            "粤东地区的展会组织和展台搭建服务。",
        ),
        t(
            "The company organises regional fairs for metalworking and builds stands for visiting delegations. "
            "It has welcomed German exhibitors since 2018.",
            "Das Unternehmen richtet regionale Messen für die Metallbearbeitung aus und baut Stände für "
            "Delegationen. Seit 2018 betreut es deutsche Aussteller.",
            "公司组织金属加工区域展会并为来访代表团搭建展台，自2018年起接待德国展商。",
        ),
        [
            t("Fair organisation", "Messeorganisation", "展会组织"),
            t("Stand building", "Standbau", "展台搭建"),
        ],
        founded=2009,
        member_since=member(2019, 3),
        contacts=[DemoContact("Lin Xiaomei", PROJECTS, "Chinese, English")],
    ),
    DemoCompany(
        "weifang-power-machinery-services",
        t("Weifang Power Machinery Services", "Weifang Antriebstechnik-Service", "潍坊动力机械服务有限公司"),
        Country.CHINA,
        ["machinery"],
        "weifang",
        t("Weifang, Shandong", "Weifang, Shandong", "山东省潍坊市"),
        SizeClass.MEDIUM,
        t(
            "Engine testing, repair and spare parts for generators and construction machinery.",
            "Motorprüfung, Reparatur und Ersatzteile für Generatoren und Baumaschinen.",
            "为发电机组和工程机械提供发动机测试、维修和备件。",
        ),
        t(
            "The company tests and repairs diesel engines and gensets on its own test benches. "
            "It stocks parts for German and Chinese engine brands.",
            "Das Unternehmen prüft und repariert Dieselmotoren und Stromaggregate auf eigenen Prüfständen. "
            "Es hält Ersatzteile für deutsche und chinesische Motorenmarken vor.",
            "公司在自有试验台上测试和维修柴油发动机和发电机组，并储备中德发动机品牌的备件。",
        ),
        [
            t("Engine testing", "Motorprüfung", "发动机测试"),
            t("Repairs", "Reparaturen", "维修"),
            t("Spare parts", "Ersatzteile", "备件"),
        ],
        founded=2000,
        member_since=member(2019, 4),
    ),
    DemoCompany(
        "weifang-agri-tech-engineering",
        t("Weifang Agri-Tech Engineering", "Weifang Agrartechnik Engineering", "潍坊农业装备工程有限公司"),
        Country.CHINA,
        ["engineering", "machinery"],
        "weifang",
        t("Weifang, Shandong", "Weifang, Shandong", "山东省潍坊市"),
        SizeClass.SMALL,
        t(
            "Design engineering for agricultural machinery, from concept to prototype.",
            "Konstruktion von Landmaschinen, vom Konzept bis zum Prototyp.",
            "农业机械设计工程，从概念到样机。",
        ),
        t(
            "A team of design engineers develops tractors' attachments and harvesting equipment. "
            "It cooperates with German suppliers of hydraulics and drives.",
            "Ein Konstruktionsteam entwickelt Anbaugeräte für Traktoren und Erntetechnik. "
            "Es arbeitet mit deutschen Zulieferern für Hydraulik und Antriebe zusammen.",
            "设计团队开发拖拉机配套机具和收获设备，并与德国液压和传动供应商合作。",
        ),
        [
            t("Design engineering", "Konstruktion", "设计工程"),
            t("Prototyping", "Prototypenbau", "样机制作"),
        ],
        founded=2013,
        member_since=member(2020, 9),
    ),
    DemoCompany(
        "shunde-expo-services",
        t("Shunde Expo Services", "Shunde Messeservice", "顺德会展服务有限公司"),
        Country.CHINA,
        ["trade-fairs"],
        "foshan",
        t("Shunde, Foshan", "Shunde, Foshan", "佛山市顺德区"),
        SizeClass.SMALL,
        t(
            "Delegation visits, forums and fair stands for German guests in Foshan.",
            "Delegationsreisen, Foren und Messestände für deutsche Gäste in Foshan.",
            "为来佛山的德国客人提供代表团接待、论坛和展台服务。",
        ),
        t(
            "Shunde Expo Services prepares company visits, interpreters and forum venues for delegations. "
            "It helped run the alliance's plenary assembly in Foshan.",
            "Shunde Messeservice organisiert Firmenbesuche, Dolmetscher und Veranstaltungsorte für Delegationen. "
            "Es unterstützte die Vollversammlung der Allianz in Foshan.",
            "顺德会展服务为代表团安排企业参访、翻译和论坛场地，曾协助举办联盟在佛山的全体大会。",
        ),
        [
            t("Delegation visits", "Delegationsreisen", "代表团接待"),
            t("Forums", "Foren", "论坛"),
            t("Interpreters", "Dolmetscher", "口译服务"),
        ],
        founded=2012,
        member_since=member(2016, 4),
    ),
    DemoCompany(
        "pearl-river-industrial-insurance",
        t(
            "Pearl River Industrial Insurance Brokers",
            "Perlfluss Industrieversicherungsmakler",
            "珠江工业保险经纪有限公司",
        ),
        Country.CHINA,
        ["insurance"],
        "foshan",
        t("Chancheng, Foshan", "Chancheng, Foshan", "佛山市禅城区"),
        SizeClass.SMALL,
        t(
            "Insurance brokers for factories and exporters in Guangdong.",
            "Versicherungsmakler für Fabriken und Exporteure in Guangdong.",
            "为广东的工厂和出口企业提供保险经纪服务。",
        ),
        t(
            "The brokers arrange property, cargo and product liability cover for manufacturers. "
            "They help Chinese exporters meet the insurance terms of German buyers.",
            "Die Makler vermitteln Sach-, Fracht- und Produkthaftpflichtversicherungen für Hersteller. "
            "Chinesischen Exporteuren helfen sie, die Versicherungsvorgaben deutscher Käufer zu erfüllen.",
            "经纪团队为制造企业安排财产险、货运险和产品责任险，帮助中国出口商满足德国买家的保险要求。",
        ),
        [
            t("Cargo insurance", "Frachtversicherung", "货运保险"),
            t("Product liability", "Produkthaftpflicht", "产品责任险"),
        ],
        founded=2004,
    ),
    DemoCompany(
        "huanan-cold-chain-logistics",
        t("Huanan Cold Chain Logistics", "Huanan Kühlkettenlogistik", "华南冷链物流有限公司"),
        Country.CHINA,
        ["logistics"],
        "foshan",
        t("Sanshui, Foshan", "Sanshui, Foshan", "佛山市三水区"),
        SizeClass.MEDIUM,
        t(
            "Temperature-controlled warehousing and transport across South China.",
            "Temperaturgeführte Lagerung und Transporte in ganz Südchina.",
            "华南地区的温控仓储与运输。",
        ),
        t(
            "Huanan runs cold stores and refrigerated trucks for food and pharmaceutical customers. "
            "It is looking for German partners for warehouse automation.",
            "Huanan betreibt Kühlhäuser und Kühl-Lkw für Lebensmittel- und Pharmakunden. "
            "Für die Lagerautomation sucht das Unternehmen deutsche Partner.",
            "华南冷链为食品和医药客户经营冷库和冷藏车，正在寻找仓库自动化方面的德国合作伙伴。",
        ),
        [
            t("Cold storage", "Kühllagerung", "冷库仓储"),
            t("Refrigerated transport", "Kühltransporte", "冷藏运输"),
        ],
        founded=2015,
        member_since=member(2021, 10),
    ),
    DemoCompany(
        "foshan-cross-border-engineering",
        t(
            "Foshan Cross-Border Engineering Consulting",
            "Foshan Grenzüberschreitende Ingenieurberatung",
            "佛山跨境工程咨询有限公司",
        ),
        Country.CHINA,
        ["engineering"],
        "foshan",
        t("Shunde, Foshan", "Shunde, Foshan", "佛山市顺德区"),
        SizeClass.MICRO,
        t(
            "Engineering consultancy for German investors building plants in Foshan (draft profile).",
            "Ingenieurberatung für deutsche Investoren mit Werksbau in Foshan (Entwurf).",
            "为在佛山建厂的德国投资者提供工程咨询（草稿）。",
        ),
        t(
            "This profile is still being written and is not shown to visitors.",
            "Dieses Profil wird noch geschrieben und ist für Besucher nicht sichtbar.",
            "此资料仍在编写中，访客不可见。",
        ),
        [t("Site selection", "Standortsuche", "选址咨询")],
        founded=2022,
        status=CompanyStatus.DRAFT,
    ),
]


def load_sectors():
    for slug, nace, name in SECTORS:
        Sector.objects.update_or_create(slug=slug, defaults={"nace_code": nace, **translated("name", name)})


def load_cities():
    cities = {}
    for city in CITIES:
        description = city.description
        if city.slug not in DOCUMENTED_CITIES:
            description = {language: text + DEMO_NOTE[language] for language, text in description.items()}
        cities[city.slug], _created = City.objects.update_or_create(
            slug=city.slug,
            defaults={
                "country": city.country,
                "latitude": city.latitude,
                "longitude": city.longitude,
                "joined_alliance_on": city.joined,
                **translated("name", city.name),
                **translated("region", city.region),
                **translated("description", description),
            },
        )
    for city in CITIES:
        # Partnerships are symmetrical, so each pair may be listed on one side or both.
        cities[city.slug].partner_cities.add(*(cities[slug] for slug in city.partners))
    return cities


def load_companies(cities):
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    for demo in COMPANIES:
        services = {language: "\n".join(service[language] for service in demo.services) for language in LANGUAGES}
        company, _created = Company.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "country": demo.country,
                "city": cities[demo.city],
                "size": demo.size,
                "founded_year": demo.founded,
                "member_since": demo.member_since,
                "status": demo.status,
                "featured": demo.featured,
                "website": demo.site,
                "email": demo.contact_email,
                **translated("name", demo.name),
                **translated("summary", demo.summary),
                **translated("profile", demo.profile),
                **translated("headquarters", demo.headquarters),
                **translated("services", services),
            },
        )
        company.sectors.set([sectors[slug] for slug in demo.sectors])
        if not company.logo:
            # Saved through the model, so the resized logo_small is made as for an upload.
            company.logo = ContentFile(logo_png(demo.name["en"], demo.slug), name=f"{demo.slug}.png")
            company.save()
        for position, contact in enumerate(demo.contacts):
            ContactPerson.objects.update_or_create(
                company=company,
                name=contact.name,
                defaults={
                    "languages": contact.languages,
                    "is_public": contact.is_public,
                    "position": position,
                    "email": f"{contact.name.split()[0].lower()}@{demo.slug}.example",
                    **translated("role", contact.role),
                },
            )


def load():
    """Create or update the demo sectors, cities and companies; return a one-line summary."""
    load_sectors()
    cities = load_cities()
    load_companies(cities)
    published = sum(demo.status == CompanyStatus.PUBLISHED for demo in COMPANIES)
    return f"{len(SECTORS)} sectors, {len(CITIES)} alliance cities, {len(COMPANIES)} companies ({published} published)"
