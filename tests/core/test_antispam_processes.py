"""The rate limit holds across gunicorn workers: the count lives in the database.

Starts ``gunicorn --workers 2`` on the test database with the fixtures of
tests/test_processes.py and registers from one address until both workers have answered
a post with 429: whichever worker takes the sixth post, it knows of the five before.
"""

import json
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

import altcha
import pytest

from events.models import Registration
from tests.factories import EventFactory
from tests.test_processes import PROBE_HEADER, AdminSession, gunicorn, process_env  # noqa: F401 (fixtures)
from tests.utils import form_data

pytestmark = [pytest.mark.processes, pytest.mark.django_db(transaction=True)]


def test_sixth_registration_is_429_whichever_worker_takes_it(gunicorn):  # noqa: F811
    EventFactory(slug="forum", capacity=50)
    visitor = AdminSession(gunicorn)  # a browser's cookies and forms, nothing admin about it
    status, _headers, page = visitor.request("GET", "/en/events/forum/")
    assert status == 200
    fields = form_data(page, "registration-form")
    time.sleep(3.1)  # the production minimum fill time (the stamp stays valid for a day)

    def register(number):
        """Post one registration with a solved challenge; return (worker PID, status)."""
        status, _headers, body = gunicorn.request("GET", "/altcha/challenge/")
        challenge = altcha.Challenge.from_dict(json.loads(body))
        payload = altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()
        probe = uuid.uuid4().hex
        data = {**fields, "name": f"Colleague {number}", "email": f"colleague{number}@example.com", "altcha": payload}
        cookies = "; ".join(f"{name}={value}" for name, value in visitor.cookies.items())
        status, _headers, _body = gunicorn.request(
            "POST",
            "/en/events/forum/",
            headers={
                "Cookie": cookies,
                "Content-Type": "application/x-www-form-urlencoded",
                PROBE_HEADER: probe,
            },
            body=urllib.parse.urlencode(data),
        )
        return gunicorn.worker_of(probe), status

    # Five allowed, one after another; then two at a time, so that while one worker is busy
    # the other must answer (one after another, the kernel may hand every post to one worker).
    answers = [register(number) for number in range(5)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for first in range(5, 25, 2):
            answers.extend(pool.map(register, (first, first + 1)))
            if {pid for pid, answer in answers if answer == 429} == gunicorn.worker_pids():
                break

    assert [status for _pid, status in answers[:5]] == [302] * 5
    assert {status for _pid, status in answers[5:]} == {429}
    assert {pid for pid, status in answers if status == 429} == gunicorn.worker_pids(), answers
    assert Registration.objects.count() == 5
