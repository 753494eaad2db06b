"""Demo content of the events app: venues, alliance events past and upcoming, announcements.

DEMO CONTENT. The formats (plenary assembly, matchmaking at the Hannover Messe, trade-fair
stands, delegation trips, company visits) are the alliance's documented ones, and the
Tanzhou center is real; every date, programme, capacity and announcement is invented.

Dates are relative to today, so the demo always has upcoming and past events. Rows are
created or updated by slug (venues by English name), so loading twice creates no duplicates.
Cities and companies come from the companies demo and are skipped when missing.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from companies.models import City, Company

from .models import Announcement, Event, EventKind, EventStatus, TimeZoneChoice, Venue

LANGUAGES = ("en", "de", "zh_hans")
SHANGHAI, BERLIN = TimeZoneChoice.SHANGHAI, TimeZoneChoice.BERLIN


def t(en, de, zh):
    return {"en": en, "de": de, "zh_hans": zh}


def translated(name, text):
    return {f"{name}_{language}": text[language] for language in LANGUAGES}


VENUES = {
    "tanzhou": {
        "name": t(
            "Guangdong Tanzhou International Convention and Exhibition Center",
            "Guangdong Tanzhou International Convention and Exhibition Center",
            "广东潭洲国际会展中心",
        ),
        "address": t(
            "Tanzhou, Shunde District, Foshan, Guangdong",
            "Tanzhou, Bezirk Shunde, Foshan, Guangdong",
            "广东省佛山市顺德区潭洲",
        ),
        "city": "foshan",
        "latitude": "22.89870",
        "longitude": "113.14270",
        "website": "",
    },
    "hannover": {
        "name": t("Hannover exhibition grounds", "Messegelände Hannover", "汉诺威展览中心"),
        "address": t(
            "Messegelände, 30521 Hannover, Germany", "Messegelände, 30521 Hannover", "德国汉诺威 30521 展览中心"
        ),
        "city": "hannover",
        "latitude": "52.32250",
        "longitude": "9.80460",
        "website": "",
    },
    "zone-office": {
        "name": t(
            "Sino-German Industrial Services Zone, service centre",
            "Chinesisch-Deutsche Industriedienstleistungszone, Servicezentrum",
            "中德工业服务区服务中心",
        ),
        "address": t("Shunde District, Foshan, Guangdong", "Bezirk Shunde, Foshan, Guangdong", "广东省佛山市顺德区"),
        "city": "foshan",
        "latitude": "22.80500",
        "longitude": "113.29300",
        "website": "",
    },
    "ludwigshafen": {
        "name": t(
            "Ludwigshafen city hall, conference rooms",
            "Rathaus Ludwigshafen, Konferenzräume",
            "路德维希港市政厅会议室",
        ),
        "address": t("Ludwigshafen am Rhein, Germany", "Ludwigshafen am Rhein", "德国莱茵河畔路德维希港"),
        "city": "ludwigshafen",
        "latitude": "49.47740",
        "longitude": "8.44520",
        "website": "",
    },
}

BODY_FORUM = t(
    "<p>The plenary assembly brings together the member cities of the Sino-German Industrial City "
    "Alliance, their companies and partners.</p><h3>Programme</h3><ul><li>Mayors' panel</li>"
    "<li>Reports of the member cities</li><li>Business matchmaking by sector</li></ul>"
    "<p>Simultaneous interpreting in Chinese and German.</p>",
    "<p>Die Vollversammlung bringt die Mitgliedsstädte der Chinesisch-Deutschen Industriestädteallianz, "
    "ihre Unternehmen und Partner zusammen.</p><h3>Programm</h3><ul><li>Bürgermeisterpodium</li>"
    "<li>Berichte der Mitgliedsstädte</li><li>Unternehmensgespräche nach Branchen</li></ul>"
    "<p>Simultandolmetschen Chinesisch und Deutsch.</p>",
    "<p>全体大会汇聚中德工业城市联盟成员城市、企业及合作伙伴。</p><h3>议程</h3><ul><li>市长论坛</li>"
    "<li>成员城市报告</li><li>按行业进行企业对接</li></ul><p>提供中德同声传译。</p>",
)

# slug, kind, days from today, local start (h, min), hours, zone, venue, cities, companies, capacity, status, text
EVENTS = [
    (
        "alliance-plenary-assembly",
        EventKind.FORUM,
        42,
        (9, 0),
        8,
        SHANGHAI,
        "tanzhou",
        ["foshan", "taicang", "ludwigshafen"],
        ["osram", "allianz", "remondis"],
        200,
        EventStatus.PUBLISHED,
        {
            "title": t(
                "Plenary assembly of the Sino-German Industrial City Alliance",
                "Vollversammlung der Chinesisch-Deutschen Industriestädteallianz",
                "中德工业城市联盟全体大会",
            ),
            "summary": t(
                "Member cities and companies of both countries meet in Foshan: mayors' panel and matchmaking.",
                "Städte und Unternehmen beider Länder treffen sich in Foshan: Bürgermeisterpodium und Matchmaking.",
                "两国成员城市与企业齐聚佛山：市长论坛与企业对接。",
            ),
            "body": BODY_FORUM,
            "organiser": t("Alliance secretariat, Foshan", "Sekretariat der Allianz, Foshan", "联盟秘书处（佛山）"),
        },
    ),
    (
        "hannover-messe-business-matchmaking",
        EventKind.CONFERENCE,
        140,
        (10, 0),
        6,
        BERLIN,
        "hannover",
        ["foshan", "taicang", "hannover"],
        ["rheinwerk-automation", "shunde-huaguang-lighting"],
        60,
        EventStatus.PUBLISHED,
        {
            "title": t(
                "Business matchmaking at the Hannover Messe",
                "Unternehmensgespräche auf der Hannover Messe",
                "汉诺威工业博览会企业对接会",
            ),
            "summary": t(
                "Pre-arranged talks between Chinese and German companies, with interpreters.",
                "Vorab vereinbarte Gespräche zwischen chinesischen und deutschen Unternehmen, mit Dolmetschern.",
                "中德企业预约洽谈，配备翻译。",
            ),
            "body": t(
                "<p>Tell us your sector and what you are looking for; we arrange talks of 30 minutes.</p>",
                "<p>Nennen Sie uns Ihre Branche und was Sie suchen; wir vereinbaren Gespräche von 30 Minuten.</p>",
                "<p>请告知您的行业与需求，我们将为您安排30分钟的洽谈。</p>",
            ),
            "organiser": t(
                "Alliance coordination office, Berlin",
                "Koordinierungsstelle der Allianz, Berlin",
                "联盟协调办公室（柏林）",
            ),
        },
    ),
    (
        "tanzhou-industrial-services-exhibition",
        EventKind.EXHIBITION,
        75,
        (9, 30),
        8,
        SHANGHAI,
        "tanzhou",
        ["foshan"],
        ["osram", "shunde-expo-services", "lingnan-smart-automation"],
        None,
        EventStatus.PUBLISHED,
        {
            "title": t(
                "German industrial services exhibition at Tanzhou",
                "Ausstellung deutscher Industriedienstleistungen in Tanzhou",
                "潭洲德国工业服务展",
            ),
            "summary": t(
                "German service providers present themselves to manufacturers of the Pearl River Delta.",
                "Deutsche Dienstleister stellen sich den Herstellern des Perlflussdeltas vor.",
                "德国服务企业面向珠三角制造企业展示。",
            ),
            "body": t(
                "<p>Entry is free; no registration needed.</p>",
                "<p>Eintritt frei, ohne Anmeldung.</p>",
                "<p>免费入场，无需报名。</p>",
            ),
            "organiser": t(
                "Sino-German Industrial Services Zone",
                "Chinesisch-Deutsche Industriedienstleistungszone",
                "中德工业服务区",
            ),
        },
    ),
    (
        "company-visit-recycling-foshan",
        EventKind.COMPANY_VISIT,
        20,
        (14, 0),
        3,
        SHANGHAI,
        "zone-office",
        ["foshan"],
        ["remondis"],
        25,
        EventStatus.PUBLISHED,
        {
            "title": t(
                "Company visit: recycling in Foshan", "Firmenbesuch: Recycling in Foshan", "企业参访：佛山的回收利用"
            ),
            "summary": t(
                "A guided visit for manufacturers interested in circular economy services.",
                "Eine geführte Besichtigung für Hersteller, die sich für Kreislaufwirtschaft interessieren.",
                "面向关注循环经济服务的制造企业的参观活动。",
            ),
            "body": t(
                "<p>Meeting point: the zone's service centre.</p>",
                "<p>Treffpunkt: Servicezentrum der Zone.</p>",
                "<p>集合地点：服务区服务中心。</p>",
            ),
            "organiser": t(
                "Sino-German Industrial Services Zone",
                "Chinesisch-Deutsche Industriedienstleistungszone",
                "中德工业服务区",
            ),
        },
    ),
    (
        "delegation-trip-ludwigshafen",
        EventKind.DELEGATION_VISIT,
        100,
        (10, 0),
        5,
        BERLIN,
        "ludwigshafen",
        ["foshan", "ludwigshafen"],
        [],
        30,
        EventStatus.PUBLISHED,
        {
            "title": t(
                "Foshan delegation visits Ludwigshafen",
                "Delegation aus Foshan besucht Ludwigshafen",
                "佛山代表团访问路德维希港",
            ),
            "summary": t(
                "A delegation of Foshan companies meets the chemical and logistics sector of Ludwigshafen.",
                "Eine Delegation von Unternehmen aus Foshan trifft die Chemie- und Logistikbranche in Ludwigshafen.",
                "佛山企业代表团与路德维希港化工及物流行业交流。",
            ),
            "body": t(
                "<p>Places for companies of member cities.</p>",
                "<p>Plätze für Unternehmen der Mitgliedsstädte.</p>",
                "<p>名额面向成员城市企业。</p>",
            ),
            "organiser": t("Alliance secretariat, Foshan", "Sekretariat der Allianz, Foshan", "联盟秘书处（佛山）"),
        },
    ),
    (
        "online-briefing-investing-in-foshan",
        EventKind.ONLINE,
        10,
        (16, 0),
        1,
        SHANGHAI,
        None,
        ["foshan"],
        ["allianz"],
        None,
        EventStatus.PUBLISHED,
        {
            "title": t(
                "Online briefing: investing in Foshan",
                "Online-Briefing: Investieren in Foshan",
                "线上说明会：投资佛山",
            ),
            "summary": t(
                "One hour on locations, procedures and support for German companies.",
                "Eine Stunde über Standorte, Verfahren und Unterstützung für deutsche Unternehmen.",
                "一小时介绍选址、流程及对德国企业的支持。",
            ),
            "body": t(
                "<p>The link is sent with the confirmation.</p>",
                "<p>Den Link erhalten Sie mit der Bestätigung.</p>",
                "<p>链接将随确认邮件发送。</p>",
            ),
            "organiser": t(
                "Sino-German Industrial Services Zone",
                "Chinesisch-Deutsche Industriedienstleistungszone",
                "中德工业服务区",
            ),
        },
    ),
    (
        "workshop-industry-4-0-postponed",
        EventKind.WORKSHOP,
        30,
        (9, 0),
        4,
        SHANGHAI,
        "zone-office",
        ["foshan"],
        ["lingnan-smart-automation"],
        40,
        EventStatus.CANCELLED,
        {
            "title": t(
                "Workshop: Industry 4.0 in practice", "Workshop: Industrie 4.0 in der Praxis", "工作坊：工业4.0实践"
            ),
            "summary": t(
                "Cancelled; a new date follows.", "Abgesagt; ein neuer Termin folgt.", "已取消，新日期另行通知。"
            ),
            "body": t("", "", ""),
            "organiser": t(
                "Sino-German Industrial Services Zone",
                "Chinesisch-Deutsche Industriedienstleistungszone",
                "中德工业服务区",
            ),
        },
    ),
    (
        "alliance-plenary-assembly-previous",
        EventKind.FORUM,
        -200,
        (9, 0),
        8,
        SHANGHAI,
        "tanzhou",
        ["foshan", "taicang", "ludwigshafen"],
        ["osram", "allianz", "remondis"],
        180,
        EventStatus.PUBLISHED,
        {
            "title": t(
                "Previous plenary assembly of the alliance",
                "Vorherige Vollversammlung der Allianz",
                "上届联盟全体大会",
            ),
            "summary": t(
                "The member cities agreed on the next year's trade fairs and delegation trips.",
                "Die Mitgliedsstädte vereinbarten die Messen und Delegationsreisen des nächsten Jahres.",
                "成员城市商定了下一年度的展会与代表团行程。",
            ),
            "body": BODY_FORUM,
            "organiser": t("Alliance secretariat, Foshan", "Sekretariat der Allianz, Foshan", "联盟秘书处（佛山）"),
        },
    ),
    (
        "company-visit-lighting-taicang",
        EventKind.COMPANY_VISIT,
        -60,
        (10, 0),
        3,
        SHANGHAI,
        None,
        ["taicang"],
        ["osram"],
        20,
        EventStatus.PUBLISHED,
        {
            "title": t("Company visit: lighting production", "Firmenbesuch: Lichtproduktion", "企业参访：照明生产"),
            "summary": t(
                "Members of the collaboration council visited a lighting production line.",
                "Mitglieder des Kooperationsrats besuchten eine Lichtproduktion.",
                "合作委员会成员参观了照明生产线。",
            ),
            "body": t("", "", ""),
            "organiser": t("Collaboration council", "Kooperationsrat", "合作委员会"),
        },
    ),
    (
        "trade-fair-stand-planning-meeting",
        EventKind.WORKSHOP,
        160,
        (15, 0),
        2,
        BERLIN,
        None,
        ["ludwigshafen", "foshan"],
        [],
        None,
        EventStatus.SCHEDULED,
        {
            "title": t(
                "Planning meeting: the alliance's joint trade-fair stand",
                "Planungstreffen: Gemeinschaftsstand der Allianz",
                "筹备会议：联盟联合展位",
            ),
            "summary": t(
                "Published automatically in a few days.",
                "Wird in einigen Tagen automatisch veröffentlicht.",
                "将在几天后自动发布。",
            ),
            "body": t("", "", ""),
            "organiser": t(
                "Alliance coordination office, Berlin",
                "Koordinierungsstelle der Allianz, Berlin",
                "联盟协调办公室（柏林）",
            ),
        },
    ),
]

ANNOUNCEMENTS = [
    (
        "registration-open-plenary-assembly",
        -2,
        "alliance-plenary-assembly",
        ["osram", "allianz", "remondis"],
        t("Registration open for the plenary assembly", "Anmeldung zur Vollversammlung geöffnet", "全体大会开放报名"),
        t(
            "<p>Registration for the plenary assembly in Foshan is open. Places are limited.</p>",
            "<p>Die Anmeldung zur Vollversammlung in Foshan ist geöffnet. Die Plätze sind begrenzt.</p>",
            "<p>佛山全体大会现已开放报名，名额有限。</p>",
        ),
    ),
    (
        "matchmaking-hannover-call-for-companies",
        -15,
        "hannover-messe-business-matchmaking",
        [],
        t(
            "Call for companies: matchmaking at the Hannover Messe",
            "Aufruf an Unternehmen: Matchmaking auf der Hannover Messe",
            "企业征集：汉诺威工业博览会对接会",
        ),
        t(
            "<p>Member cities are asked to name two or three companies each, so that they can be matched by "
            "sector and portfolio.</p>",
            "<p>Die Mitgliedsstädte benennen je zwei bis drei Unternehmen, damit diese nach Branche und "
            "Portfolio zusammengebracht werden können.</p>",
            "<p>请各成员城市推荐两到三家企业，以便按行业和业务进行匹配。</p>",
        ),
    ),
    (
        "results-previous-plenary-assembly",
        -195,
        "alliance-plenary-assembly-previous",
        [],
        t("Results of the previous plenary assembly", "Ergebnisse der vorherigen Vollversammlung", "上届全体大会成果"),
        t(
            "<p>The member cities agreed on joint trade-fair stands and two delegation trips.</p>",
            "<p>Die Mitgliedsstädte vereinbarten Gemeinschaftsstände auf Messen und zwei Delegationsreisen.</p>",
            "<p>成员城市商定了联合展位和两次代表团出访。</p>",
        ),
    ),
]


def local_datetime(days, hour_minute, zone):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, *hour_minute, tzinfo=ZoneInfo(zone))


def load():
    """Create or update the demo venues, events and announcements; return a one-line summary."""
    cities = {city.slug: city for city in City.objects.all()}
    venues = {}
    for key, data in VENUES.items():
        venue = Venue.objects.filter(name_en=data["name"]["en"]).first() or Venue()
        for field in ("name", "address"):
            for column, value in translated(field, data[field]).items():
                setattr(venue, column, value)
        venue.city = cities.get(data["city"])
        venue.latitude, venue.longitude, venue.website = data["latitude"], data["longitude"], data["website"]
        venue.save()
        venues[key] = venue

    events = {}
    for slug, kind, days, start, hours, zone, venue, city_slugs, company_slugs, capacity, status, text in EVENTS:
        starts_at = local_datetime(days, start, zone)
        defaults = {
            "kind": kind,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=hours),
            "time_zone": zone,
            "venue": venues.get(venue),
            "online_url": "https://meeting.sino-german-zone.example/briefing" if kind == EventKind.ONLINE else "",
            "capacity": capacity,
            "registration_enabled": kind != EventKind.EXHIBITION,
            "status": status,
            "publish_at": timezone.now() + datetime.timedelta(days=5) if status == EventStatus.SCHEDULED else None,
            **{column: value for field, values in text.items() for column, value in translated(field, values).items()},
        }
        event, _created = Event.objects.update_or_create(slug=slug, defaults=defaults)
        event.cities.set([cities[city] for city in city_slugs if city in cities])
        event.participants.set(Company.objects.filter(slug__in=company_slugs))
        events[slug] = event

    for slug, days, event_slug, company_slugs, title, body in ANNOUNCEMENTS:
        announcement, _created = Announcement.objects.update_or_create(
            slug=slug,
            defaults={
                "published_at": timezone.now() + datetime.timedelta(days=days),
                "event": events.get(event_slug),
                **translated("title", title),
                **translated("body", body),
            },
        )
        announcement.companies.set(Company.objects.filter(slug__in=company_slugs))

    return f"{len(venues)} venues, {len(events)} events, {len(ANNOUNCEMENTS)} announcements"
