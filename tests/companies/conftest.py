import pytest
from django.db import connection

from tests.factories import CompanyFactory, SectorFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo tolerance needs pg_trgm (PostgreSQL); SQLite matches substrings"
)


@pytest.fixture
def lighting(db):
    return SectorFactory(name_en="Lighting", name_de="Beleuchtung", name_zh_hans="照明", slug="lighting")


@pytest.fixture
def recycling(db):
    return SectorFactory(
        name_en="Recycling and environmental services",
        name_de="Recycling und Umweltdienstleistungen",
        name_zh_hans="回收与环境服务",
        slug="recycling",
    )


@pytest.fixture
def osram(lighting):
    return CompanyFactory(
        name_en="Osram",
        name_zh_hans="欧司朗",
        slug="osram",
        summary_en="Lighting and optical semiconductors from Munich.",
        summary_de="Licht und optische Halbleiter aus München.",
        sectors=[lighting],
    )


@pytest.fixture
def remondis(recycling):
    return CompanyFactory(
        name_en="Remondis",
        name_zh_hans="瑞曼迪斯",
        slug="remondis",
        summary_en="Recycling, water and waste management services.",
        summary_de="Wasser- und Abfallwirtschaft, Recycling und Dienstleistungen.",
        sectors=[recycling],
    )


@pytest.fixture
def hyundai(db):
    return CompanyFactory(
        name_en="Foshan Modern Auto Parts",
        name_zh_hans="佛山现代汽车零部件有限公司",
        slug="foshan-modern-auto-parts",
        country="CN",
        summary_en="Car parts.",
        services_de="Maschinenbau\nWerkzeuge",
    )
