"""The site-wide foundation: languages, error pages, health, security headers, roles."""

import datetime
import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import OperationalError
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from companies.models import City, Sector
from zone_portal.roles import ORGANISERS, VIEWERS, ZONE_STAFF

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("de-DE,de;q=0.9,en;q=0.5", "/de/"), ("zh-CN,zh;q=0.9", "/zh-hans/"), ("fr-FR", "/en/")],
)
def test_root_redirects_to_the_browsers_preferred_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    ("prefix", "html_lang", "nav_companies"),
    [("/en/", "en", "Companies"), ("/de/", "de", "Unternehmen"), ("/zh-hans/", "zh-hans", "企业")],
)
def test_home_renders_translated_navigation_in_each_language(client, prefix, html_lang, nav_companies):
    response = client.get(prefix)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{html_lang}"' in html
    assert nav_companies in html


def test_every_page_lists_hreflang_alternates_for_the_same_page(client):
    html = client.get("/de/privacy/").content.decode()
    assert 'hreflang="en" href="http://testserver/en/privacy/"' in html
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/privacy/"' in html
    assert 'hreflang="x-default"' in html


def test_language_switcher_keeps_the_visitor_on_the_same_page(client):
    html = client.get("/en/imprint/").content.decode()
    assert 'href="/zh-hans/imprint/"' in html
    assert 'href="/de/imprint/"' in html


def test_unknown_path_gives_the_styled_404_with_status_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert b'<main id="main"' in response.content


def test_unknown_path_without_language_prefix_is_404(client):
    assert client.get("/no-such-page/").status_code == 404


def test_500_page_renders_without_a_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "<html" in html


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    # The one stand-in of the suite: a database server that is down cannot run here.
    monkeypatch.setattr("zone_portal.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_pages_send_a_content_security_policy_that_allows_only_this_site(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "http" not in policy


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_sitemap_lists_static_pages_in_every_language(client):
    xml = client.get("/sitemap.xml").content.decode()
    for prefix in ("en", "de", "zh-hans"):
        assert f"<loc>http://testserver/{prefix}/privacy/</loc>" in xml


@override_settings(ZONE_ICP_LICENCE="粤ICP备12345678号")
def test_footer_shows_the_icp_licence_when_configured(client):
    assert "粤ICP备12345678号" in client.get("/zh-hans/").content.decode()


def test_roles_exist_with_the_permissions_of_their_apps():
    staff = set(Group.objects.get(name=ZONE_STAFF).permissions.values_list("content_type__app_label", flat=True))
    organisers = Group.objects.get(name=ORGANISERS).permissions.values_list("content_type__app_label", flat=True)
    viewers = Group.objects.get(name=VIEWERS).permissions.values_list("codename", flat=True)
    assert staff == {"companies", "post_office", "events"}
    staff_events = Group.objects.get(name=ZONE_STAFF).permissions.filter(content_type__app_label="events")
    assert set(staff_events.values_list("codename", flat=True)) == {"view_event", "view_venue", "view_announcement"}
    staff_mail = Group.objects.get(name=ZONE_STAFF).permissions.filter(content_type__app_label="post_office")
    assert {codename.split("_")[0] for codename in staff_mail.values_list("codename", flat=True)} == {"view"}
    assert "companies" not in set(organisers)
    assert "post_office" not in set(organisers)
    assert viewers and all(codename.startswith("view_") for codename in viewers)
    # Figures, not people: neither zone staff nor viewers read registrants or inquiries' senders.
    assert "view_registration" not in set(viewers) and "view_inquiry" not in set(viewers)


def test_load_demo_twice_creates_no_duplicates():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Sector.objects.count(), City.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Sector.objects.count(), City.objects.count()) == counts
    assert City.objects.get(slug="foshan").name_zh_hans == "佛山"


def test_admin_login_page_is_reachable(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert "Zone portal administration" in response.content.decode()


def run_manage(*args, **env):
    """Run manage.py in a fresh process with the given environment on top of ours."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env, DJANGO_SETTINGS_MODULE="zone_portal.settings")
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="portal.example.com")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k7#Qz" * 12,
        DJANGO_ALLOWED_HOSTS="portal.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_collectstatic_builds_hashed_compressed_files_for_production(tmp_path):
    result = run_manage(
        "collectstatic",
        "--noinput",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k7#Qz" * 12,
        DJANGO_ALLOWED_HOSTS="portal.example.com",
        DJANGO_STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert '"css/site.css": "css/site.' in manifest
    assert list(tmp_path.glob("css/site.*.css.gz"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "25 November 2026"), ("de", "25. November 2026"), ("zh-hans", "2026年11月25日")],
)
def test_dates_follow_the_visitors_language(language, expected):
    with translation.override(language):
        rendered = Template("{{ day|date }}").render(Context({"day": datetime.date(2026, 11, 25)}))
    assert rendered == expected
