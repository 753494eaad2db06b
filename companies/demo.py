"""Demo content of the companies app: sectors and alliance cities (companies follow).

Rows are created or updated by slug, so loading twice creates no duplicates.
"""

import datetime

from .models import City, Country, Sector

SECTORS = [
    # slug, NACE, English, German, Chinese
    ("lighting", "C27.4", "Lighting", "Beleuchtung", "照明"),
    ("insurance", "K65", "Insurance", "Versicherung", "保险"),
    ("recycling", "E38", "Recycling and environmental services", "Recycling und Umweltdienstleistungen", "回收与环境服务"),
    ("automation", "C28", "Industrial automation", "Industrieautomation", "工业自动化"),
    ("logistics", "H52", "Logistics", "Logistik", "物流"),
    ("trade-fairs", "N82.3", "Trade fairs", "Messen", "展会"),
    ("engineering", "M71", "Engineering services", "Ingenieurdienstleistungen", "工程服务"),
    ("machinery", "C28", "Machinery", "Maschinenbau", "机械制造"),
    ("education", "P85", "Education and training", "Aus- und Weiterbildung", "教育与培训"),
]

CITIES = [
    # slug, country, English, German, Chinese, region (en, de, zh), lat, lon, joined
    ("foshan", Country.CHINA, "Foshan", "Foshan", "佛山", ("Guangdong", "Guangdong", "广东"), 23.02, 113.12, (2016, 4, 1)),
    ("taicang", Country.CHINA, "Taicang", "Taicang", "太仓", ("Jiangsu", "Jiangsu", "江苏"), 31.46, 121.13, (2016, 4, 1)),
    ("ludwigshafen", Country.GERMANY, "Ludwigshafen", "Ludwigshafen am Rhein", "路德维希港",
     ("Rhineland-Palatinate", "Rheinland-Pfalz", "莱茵兰-普法尔茨"), 49.48, 8.44, (2016, 4, 1)),
]


def load():
    """Create or update the demo sectors and cities; return a one-line summary."""
    for slug, nace, en, de, zh in SECTORS:
        Sector.objects.update_or_create(
            slug=slug, defaults={"nace_code": nace, "name_en": en, "name_de": de, "name_zh_hans": zh}
        )
    for slug, country, en, de, zh, (region_en, region_de, region_zh), lat, lon, joined in CITIES:
        City.objects.update_or_create(
            slug=slug,
            defaults={
                "country": country,
                "name_en": en,
                "name_de": de,
                "name_zh_hans": zh,
                "region_en": region_en,
                "region_de": region_de,
                "region_zh_hans": region_zh,
                "latitude": lat,
                "longitude": lon,
                "joined_alliance_on": datetime.date(*joined),
            },
        )
    return f"{len(SECTORS)} sectors, {len(CITIES)} alliance cities"
