"""Caches agree between processes (issue #7, defect 6; DESIGN.md "Production and scale").

The production recipe without REDIS_URL: gunicorn as the README runs it (gunicorn.conf.py),
with two workers, each with its own local-memory caches. The tests start that for real, on
the test database, and show that an edit through the admin (on that server, over HTTP) and
one through ``manage.py shell`` show on every later request to either worker, because the
versions of cached data live in the database (core.versions): the directory's counts, and
the whole pages kept for visitors (core.page_cache), which staff never get.

Which worker answered a request is read from gunicorn's access log (``%(p)s`` is the
worker's PID), matched to the request by a header of the test's own, so nothing is added
to the application for this test.
"""

import http.client
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.db import connection

from companies.models import Company, CompanyStatus
from events.models import Event
from tests.factories import CompanyFactory, EventFactory, UserFactory
from tests.utils import form_data
from zone_portal.roles import ZONE_STAFF, sync_roles

pytestmark = [pytest.mark.processes, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "staff-password-for-gunicorn"
PROBE_HEADER = "X-Zone-Probe"
STARTUP_SECONDS = 20


# --- The processes ------------------------------------------------------------------------


def database_url():
    """Return a DATABASE_URL for the test database this pytest session uses."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        name = database["NAME"]
        assert not connection.creation.is_in_memory_db(name), (
            "The SQLite test database must be a file for other processes to see it (tests/settings.py)."
        )
        return f"sqlite:///{name}"
    if connection.vendor == "postgresql":
        quote = urllib.parse.quote
        credentials = quote(database["USER"] or "")
        if database["PASSWORD"]:
            credentials += ":" + quote(database["PASSWORD"])
        location = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
        return f"postgres://{credentials}@{location}/{quote(database['NAME'])}"
    pytest.fail(f"No DATABASE_URL recipe for {connection.vendor}.")


@pytest.fixture
def process_env(transactional_db, tmp_path):
    """The environment of a production process without Redis, on the test database (debug
    on, so plain HTTP needs no proxy header)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"REDIS_URL", "DATABASE_URL"}
    }
    static_root = tmp_path / "static"
    static_root.mkdir()
    env.update(
        DJANGO_SETTINGS_MODULE="zone_portal.settings",
        DJANGO_DEBUG="true",
        DATABASE_URL=database_url(),
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


class Gunicorn:
    """A running gunicorn master with its workers, and what its logs say about them."""

    def __init__(self, process, error_log, access_log):
        self.process = process
        self.error_log = error_log
        self.access_log = access_log
        self.port = None

    def log_text(self):
        return self.error_log.read_text(errors="replace") if self.error_log.exists() else ""

    def worker_pids(self):
        """Every worker the master has booted so far (a replaced worker would add one)."""
        return set(re.findall(r"Booting worker with pid: (\d+)", self.log_text()))

    def wait_until_ready(self, workers):
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited with {self.process.returncode}:\n{self.log_text()}")
            listening = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", self.log_text())
            if listening and len(self.worker_pids()) >= workers:
                self.port = int(listening.group(1))
                if self.request("GET", "/healthz", timeout=2, tolerate_errors=True)[0] == 200:
                    return
            time.sleep(0.1)
        pytest.fail(f"gunicorn was not ready within {STARTUP_SECONDS} s:\n{self.log_text()}")

    def request(self, method, path, *, headers=None, body=None, timeout=10, tolerate_errors=False):
        """One request on its own connection (Connection: close, so any worker may take the next)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode()
        except OSError:
            if tolerate_errors:
                return None, None, ""
            raise
        finally:
            conn.close()

    def worker_of(self, probe):
        """Return the PID of the worker that answered the request marked ``probe``."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            # The worker writes the line just after sending the response: wait for it briefly.
            found = re.search(rf"^{probe} <(\d+)>", self.access_log.read_text(), re.MULTILINE)
            if found:
                return found.group(1)
            time.sleep(0.01)
        pytest.fail(f"No access log line for request {probe}.")

    def stop(self):
        if self.process.poll() is None:
            # SIGTERM: the master stops its workers and waits for them.
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: the master and its workers
                self.process.wait(timeout=10)


@pytest.fixture
def gunicorn(process_env, tmp_path):
    """``gunicorn zone_portal.wsgi --config gunicorn.conf.py --workers 2`` on a free port of
    127.0.0.1; stopped afterwards, before the test database is flushed."""
    error_log, access_log = tmp_path / "gunicorn.log", tmp_path / "access.log"
    command = [
        GUNICORN,
        "zone_portal.wsgi",
        f"--config={ROOT / 'gunicorn.conf.py'}",
        "--workers=2",
        "--bind=127.0.0.1:0",
        "--no-control-socket",
        "--graceful-timeout=5",
        f"--error-logfile={error_log}",
        f"--access-logfile={access_log}",
        f"--access-logformat=%({{{PROBE_HEADER.lower()}}}i)s %(p)s %(s)s %(r)s",
    ]
    process = subprocess.Popen(  # noqa: S603 (the venv's gunicorn, fixed arguments)
        command,
        cwd=ROOT,
        env=process_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Gunicorn(process, error_log, access_log)
    try:
        server.wait_until_ready(workers=2)
        yield server
    finally:
        server.stop()


class AdminSession:
    """A staff member's browser, as far as the admin needs: cookies and forms with CSRF tokens."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, text = self.server.request(method, path, headers=headers, body=body)
        for header in response_headers.get_all("Set-Cookie") or []:
            for morsel in SimpleCookie(header).values():
                if morsel["max-age"] == "0":
                    self.cookies.pop(morsel.key, None)
                else:
                    self.cookies[morsel.key] = morsel.value
        return status, response_headers, text

    def log_in(self, username, password):
        status, _headers, page = self.request("GET", "/admin/login/?next=/admin/")
        assert status == 200
        fields = form_data(page, "login-form")
        fields.update(username=username, password=password)
        status, headers, _page = self.request("POST", "/admin/login/?next=/admin/", fields)
        assert (status, headers["Location"]) == (302, "/admin/"), "the admin login failed"

    def run_action(self, changelist, action, pks):
        status, _headers, page = self.request("GET", changelist)
        assert status == 200
        token = form_data(page, "changelist-form")["csrfmiddlewaretoken"]
        fields = {"csrfmiddlewaretoken": token, "action": action, "index": "0", "_selected_action": pks}
        status, headers, _page = self.request("POST", changelist, fields)
        assert status == 302, f"the {action} action was not accepted ({status})"
        return self.request("GET", headers["Location"])[2]


# --- The directory as visitors see it -----------------------------------------------------

TOTAL = re.compile(r'<p class="result-count" role="status">\s*(\d+) compan')


def ask_directory(server, **kwargs):
    """Ask /en/companies/ as a visitor on every worker; return (worker PID, total shown) answers."""

    def total(status, page):
        assert status == 200
        return int(TOTAL.search(page).group(1))

    return ask_every_worker(server, "/en/companies/", total, **kwargs)


def ask_every_worker(server, path, read, *, per_worker=3, max_rounds=40, max_seconds=30, headers=None):
    """Ask ``path`` until each worker has answered ``per_worker`` times.

    The requests go four at a time: one after another, the kernel may hand nearly every
    connection to the same idle worker; while it is busy, the other has to answer.
    Return the answers as (worker PID, ``read(status, page)``) in the order they came.
    """

    def ask(_index):
        probe = uuid.uuid4().hex
        status, _headers, page = server.request("GET", path, headers={PROBE_HEADER: probe, **(headers or {})})
        return server.worker_of(probe), read(status, page)

    answers = []
    deadline = time.monotonic() + max_seconds
    workers = server.worker_pids()
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _round in range(max_rounds):
            answers.extend(pool.map(ask, range(4)))
            answered = [pid for pid, _total in answers]
            if all(answered.count(pid) >= per_worker for pid in workers) or time.monotonic() > deadline:
                break
    answered = {pid: [pid for pid, _total in answers].count(pid) for pid in workers}
    assert min(answered.values()) >= per_worker, f"not every worker answered {per_worker} times: {answered}"
    assert server.worker_pids() == workers, "a worker was replaced, so its cache started empty"
    return answers


def totals(answers):
    return {total for _pid, total in answers}


def run_shell(process_env, code):
    """Run ``code`` in ``manage.py shell`` with the server's environment; return its output."""
    result = subprocess.run(  # noqa: S603 (the venv's Python, fixed arguments)
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=process_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_edits_through_the_admin_and_a_shell_show_on_every_worker_at_once(gunicorn, process_env):
    companies = CompanyFactory.create_batch(5)
    sync_roles()
    staff = UserFactory(username="zone-staff", is_staff=True)
    staff.groups.add(Group.objects.get(name=ZONE_STAFF))
    # The server runs the production settings, whose hashers do not include the tests' MD5.
    staff.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    staff.save(update_fields=["password"])

    # Both workers count the five companies and keep the counts in their own caches.
    assert totals(ask_directory(gunicorn, per_worker=2)) == {5}

    # A write that skips the services moves no version: both workers go on showing their
    # cached five. So they do answer from their caches, and what follows is the version's
    # doing, not a cache miss.
    hidden, archived = companies[0], companies[1]
    Company.objects.filter(pk=hidden.pk).update(status=CompanyStatus.ARCHIVED)
    assert totals(ask_directory(gunicorn)) == {5}

    # (a) Zone staff archive a company with the admin action, on this server.
    admin = AdminSession(gunicorn)
    admin.log_in("zone-staff", PASSWORD)
    changelist = admin.run_action("/admin/companies/company/", "archive", [archived.pk])
    assert "1 company was archived." in changelist
    # Every request afterwards, to either worker, counts afresh: three published companies.
    assert totals(ask_directory(gunicorn)) == {3}

    # (b) Someone publishes both again from manage.py shell, a process of its own.
    output = run_shell(
        process_env,
        "from companies.models import Company\n"
        "from companies.services import publish_companies\n"
        f"print(publish_companies(companies=Company.objects.filter(pk__in={[hidden.pk, archived.pk]}), user=None))",
    )
    assert output.strip().splitlines()[-1] == "2"
    assert totals(ask_directory(gunicorn)) == {5}


TITLES = ("Alliance forum", "Quiet title", "Alliance plenary")


def test_pages_kept_for_visitors_show_edits_on_every_worker_at_once_and_staff_never_get_them(gunicorn, process_env):
    osram = CompanyFactory(name_en="Osram", slug="osram")
    event = EventFactory(title_en="Alliance forum", participants=[osram])
    sync_roles()
    staff = UserFactory(username="zone-staff", is_staff=True)
    staff.groups.add(Group.objects.get(name=ZONE_STAFF))
    staff.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    staff.save(update_fields=["password"])

    def titles(status, page):
        return status, frozenset(title for title in TITLES if title in page)

    def events_list(**kwargs):
        return totals(ask_every_worker(gunicorn, "/en/events/", titles, **kwargs))

    def profile(**kwargs):
        return totals(ask_every_worker(gunicorn, "/en/companies/osram/", titles, **kwargs))

    # Both workers keep the events list and the profile (which lists the company's events).
    assert events_list(per_worker=2) == profile(per_worker=2) == {(200, frozenset({"Alliance forum"}))}

    # A write past the services moves no version: visitors on both workers get the kept pages ...
    Event.objects.filter(pk=event.pk).update(title_en="Quiet title")
    assert events_list() == profile() == {(200, frozenset({"Alliance forum"}))}
    # ... while staff, signed in, get the pages as they are now, from either worker.
    admin = AdminSession(gunicorn)
    admin.log_in("zone-staff", PASSWORD)
    for _ in range(4):
        for path in ("/en/events/", "/en/companies/osram/"):
            status, _headers, page = admin.request("GET", path)
            assert titles(status, page) == (200, frozenset({"Quiet title"}))
    # What was rendered for staff was not kept for visitors.
    assert events_list() == {(200, frozenset({"Alliance forum"}))}

    # (a) An organiser renames the event from manage.py shell, through the service.
    run_shell(
        process_env,
        "from events.models import Event\n"
        "from events.services import save_event\n"
        f"event = Event.objects.get(pk={event.pk})\n"
        "event.title_en = 'Alliance plenary'\n"
        "save_event(event=event, user=None)",
    )
    assert events_list() == profile() == {(200, frozenset({"Alliance plenary"}))}

    # (b) Zone staff archive the company in the admin: its kept profile is gone on both workers.
    assert "1 company was archived." in admin.run_action("/admin/companies/company/", "archive", [osram.pk])
    assert totals(ask_every_worker(gunicorn, "/en/companies/osram/", lambda status, _page: status)) == {404}
