"""The rate limit holds across gunicorn workers: the count lives in the database.

Starts ``gunicorn --workers 2`` on the test database with the fixtures of
tests/test_processes.py and registers from one address until both workers have answered
a post with 429: whichever worker takes the sixth post, it knows of the five before.
"""

import json
import time
import urllib.parse
import uuid

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

    answers = []  # (worker PID, status) in order
    for number in range(12):
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
        answers.append((gunicorn.worker_of(probe), status))
        refused_by = {pid for pid, answer in answers if answer == 429}
        if number >= 5 and refused_by == gunicorn.worker_pids():
            break

    assert [status for _pid, status in answers[:5]] == [302] * 5
    assert {status for _pid, status in answers[5:]} == {429}
    assert {pid for pid, status in answers if status == 429} == gunicorn.worker_pids(), answers
    assert Registration.objects.count() == 5
