"""Synthetic companies for trying the directory at scale (``manage.py seed_directory``).

Every company made here has a slug starting with ``SEED_PREFIX``, so what was seeded can be
told from what staff entered: the command refuses to mix the two unless told to.
The names, summaries, profiles and services are in English, German and Chinese, built
from places, trades and legal forms of the zone's partner regions; each company has one to
three sectors, an alliance city, a size, and two in five are zone members.
"""

import datetime
import random

from django.db import connection, transaction

from .models import City, Company, CompanyStatus, Country, SearchWord, Sector, SizeClass
from .search import fill_search_data, is_postgresql, search_vector_expression

SEED_PREFIX = "seeded-"
BATCH = 2000

SECTORS = [
    ("machinery", "Machinery", "Maschinenbau", "机械制造"),
    ("logistics", "Logistics", "Logistik", "物流"),
    ("lighting", "Lighting", "Beleuchtung", "照明"),
    ("automation", "Industrial automation", "Industrieautomation", "工业自动化"),
    ("recycling", "Recycling and environmental services", "Recycling und Umweltdienstleistungen", "回收与环境服务"),
    ("insurance", "Insurance", "Versicherung", "保险"),
    ("engineering", "Engineering services", "Ingenieurdienstleistungen", "工程服务"),
    ("trade-fairs", "Trade fairs", "Messen", "展会"),
    ("training", "Education and training", "Aus- und Weiterbildung", "教育培训"),
]
CITIES = [
    ("foshan", Country.CHINA, "Foshan", "Foshan", "佛山", 23.02, 113.12),
    ("taicang", Country.CHINA, "Taicang", "Taicang", "太仓", 31.46, 121.13),
    ("shenyang", Country.CHINA, "Shenyang", "Shenyang", "沈阳", 41.8, 123.43),
    ("jieyang", Country.CHINA, "Jieyang", "Jieyang", "揭阳", 23.55, 116.37),
    ("ludwigshafen", Country.GERMANY, "Ludwigshafen", "Ludwigshafen", "路德维希港", 49.48, 8.44),
    ("nuremberg", Country.GERMANY, "Nuremberg", "Nürnberg", "纽伦堡", 49.45, 11.08),
    ("duisburg", Country.GERMANY, "Duisburg", "Duisburg", "杜伊斯堡", 51.43, 6.76),
    ("augsburg", Country.GERMANY, "Augsburg", "Augsburg", "奥格斯堡", 48.37, 10.9),
]
PLACES = ["Rhein", "Main", "Alpen", "Hanse", "Elbe", "Pearl River", "Lingnan", "Shunde", "Nanhai", "Delta"]
PLACES_ZH = ["莱茵", "美因", "阿尔卑斯", "汉莎", "易北", "珠江", "岭南", "顺德", "南海", "三角洲"]
TRADES = [
    ("Maschinenbau", "Maschinenbau", "机械"),
    ("Logistics", "Logistik", "物流"),
    ("Lighting", "Lichttechnik", "照明"),
    ("Automation", "Automatisierung", "自动化"),
    ("Recycling", "Abfallwirtschaft", "环保"),
    ("Auto Parts", "Autoteile", "汽车零部件"),
    ("Precision Tools", "Präzisionswerkzeuge", "精密工具"),
    ("Energy Systems", "Energiesysteme", "能源系统"),
    ("Consulting", "Beratung", "咨询"),
    ("Electronics", "Elektronik", "电子"),
]
FORMS = [
    ("GmbH", "GmbH", "有限公司"),
    ("AG", "AG", "股份公司"),
    ("Co. Ltd.", "Co. Ltd.", "有限公司"),
    ("Group", "Gruppe", "集团"),
]
COUNTRIES = [Country.GERMANY, Country.CHINA, Country.GERMANY, Country.AUSTRIA]


def real_companies():
    """Return the companies seed_directory did not make."""
    return Company.objects.exclude(slug__startswith=SEED_PREFIX)


def seeded_companies():
    return Company.objects.filter(slug__startswith=SEED_PREFIX)


class Seeder:
    """Add synthetic companies in batches; ``progress(done, total)`` is called after each."""

    def __init__(self, *, seed=2016, progress=None):
        self.random = random.Random(seed)  # noqa: S311 - repeatable fake data, not secrets
        self.progress = progress or (lambda done, total: None)

    def places(self):
        """Return the seeded sectors and cities, made once (staff's own are left as they are)."""
        sectors = []
        for slug, en, de, zh in SECTORS:
            sector, _created = Sector.objects.get_or_create(
                slug=slug, defaults={"name_en": en, "name_de": de, "name_zh_hans": zh}
            )
            sectors.append(sector)
        cities = []
        for slug, country, en, de, zh, latitude, longitude in CITIES:
            city, _created = City.objects.get_or_create(
                slug=slug,
                defaults={
                    "country": country,
                    "name_en": en,
                    "name_de": de,
                    "name_zh_hans": zh,
                    "latitude": latitude,
                    "longitude": longitude,
                },
            )
            cities.append(city)
        return sectors, cities

    def add(self, count):
        """Add ``count`` companies, numbered after the seeded ones already there; return how many."""
        sectors, cities = self.places()
        numbers = seeded_companies().values_list("slug", flat=True)
        start = 1 + max((int(slug.removeprefix(SEED_PREFIX)) for slug in numbers if slug[-1:].isdigit()), default=0)
        made = 0
        self.progress(made, count)
        while made < count:
            size = min(BATCH, count - made)
            with transaction.atomic():
                self._batch(start + made, size, sectors, cities)
            made += size
            self.progress(made, count)
        if connection.vendor == "postgresql":
            tables = ["companies_company", "companies_company_sectors"]
            tables += ["companies_directoryfacets", "companies_directorywords", "companies_directorynames"]
            with connection.cursor() as cursor:
                # Fresh statistics and visibility maps, as autovacuum would leave them on a live
                # database (VACUUM cannot run inside a transaction: then statistics only).
                command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
                for table in tables:
                    cursor.execute(f"{command} {table}")
        return made

    def company(self, number, sectors, cities):
        rng = self.random
        place = rng.randrange(len(PLACES))
        en, de, zh = TRADES[rng.randrange(len(TRADES))]
        form = rng.choice(FORMS)
        city = rng.choice(cities)
        member = rng.random() < 0.4
        return Company(
            slug=f"{SEED_PREFIX}{number}",
            name_en=f"{PLACES[place]} {en} {form[0]} {number}",
            name_de=f"{PLACES[place]} {de} {form[1]} {number}",
            name_zh_hans=f"{PLACES_ZH[place]}{zh}{form[2]}{number}",
            summary_en=f"{en} services for industry in China and Germany.",
            summary_de=f"{de} für die Industrie in China und Deutschland.",
            summary_zh_hans=f"为中德工业提供{zh}服务。",
            profile_en=(
                f"Founded in {PLACES[place]}, the company serves manufacturers in {city.name_en} and across "
                f"the Pearl River Delta. Its engineers speak German, English and Chinese."
            ),
            profile_de=(
                f"Das Unternehmen aus der Region {PLACES[place]} betreut Hersteller in {city.name_de or city.name_en} "
                f"und im Perlflussdelta. Die Ingenieure sprechen Deutsch, Englisch und Chinesisch."
            ),
            profile_zh_hans=f"公司立足{PLACES_ZH[place]}，服务{city.name_zh_hans}及珠三角制造企业，工程师通晓中德英三种语言。",
            services_en=f"{en}\nConsulting\nAfter-sales service",
            services_de=f"{de}\nBeratung\nKundendienst",
            services_zh_hans=f"{zh}\n咨询\n售后服务",
            headquarters=PLACES[place],
            country=rng.choice(COUNTRIES),
            city=city,
            size=rng.choice(SizeClass.values),
            status=CompanyStatus.PUBLISHED if rng.random() < 0.95 else CompanyStatus.DRAFT,
            member_since=datetime.date(rng.randint(2016, 2026), rng.randint(1, 9), 1) if member else None,
            founded_year=rng.randint(1900, 2024),
            website=f"https://www.example.com/{SEED_PREFIX}{number}",
        )

    def _batch(self, start, count, sectors, cities):
        companies, memberships, words = [], [], set()
        for number in range(start, start + count):
            company = self.company(number, sectors, cities)
            chosen = self.random.sample(sectors, self.random.randint(1, 3))
            words |= fill_search_data(company, chosen)
            companies.append(company)
            memberships.append(chosen)
        Company.objects.bulk_create(companies)
        through = Company.sectors.through
        through.objects.bulk_create(
            [
                through(company_id=company.pk, sector_id=sector.pk)
                for company, chosen in zip(companies, memberships, strict=True)
                for sector in chosen
            ]
        )
        if is_postgresql():
            Company.objects.filter(pk__in=[company.pk for company in companies]).update(
                search_vector=search_vector_expression()
            )
        SearchWord.objects.bulk_create([SearchWord(word=word[:100]) for word in words], ignore_conflicts=True)
