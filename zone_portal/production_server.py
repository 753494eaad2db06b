"""The portal as the README's production recipe runs it, for the commands that measure it.

``manage.py benchmark_throughput`` and ``manage.py audit_lighthouse`` start gunicorn with
the project's gunicorn.conf.py and production settings (debug off, hashed static files
collected into a temporary folder, HTTPS as nginx would report it) and measure that server.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

# What nginx tells the app about a request that came in over HTTPS.
PROXY_HEADER = ("X-Forwarded-Proto", "https")
# Five workers importing Django on a busy machine can take half a minute.
STARTUP_SECONDS = 60


def production_environment(folder, database=None):
    """Return the environment variables of the README's production recipe.

    ``database`` is a DATABASE_URL; by default the database this process is configured with.
    """
    return {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "true",
        "DATABASE_URL": database or database_url(),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def database_url():
    """Return a DATABASE_URL for the database this command is configured with."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    raise CommandError("Set DATABASE_URL to the database to measure.")


def manage(*arguments, env):
    """Run ``manage.py`` with ``arguments`` in ``env``; raise CommandError if it fails."""
    result = subprocess.run(  # noqa: S603 (this project's manage.py)
        [sys.executable, "manage.py", *arguments], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise CommandError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr}")
    return result.stdout


def application_with_media():
    """Return the portal's WSGI application that also serves the uploads in MEDIA_ROOT.

    In production nginx serves /media/ (README, "Production"); a page measured without
    nginx would otherwise show broken logos. For ``gunicorn(..., app=MEDIA_APP)`` only.
    """
    from whitenoise import WhiteNoise

    from zone_portal.wsgi import application

    served = WhiteNoise(application)
    served.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
    return served


MEDIA_APP = "zone_portal.production_server:application_with_media()"


@contextmanager
def gunicorn(folder, env, *, app="zone_portal.wsgi", options=(), say=print):
    """Collect the static files, start gunicorn on a free port and yield its address; stop it after.

    ``env`` is the whole environment (see production_environment); ``app`` the WSGI
    application gunicorn loads; ``options`` are added to its command line. Logs go to ``folder``.
    """
    say("Collecting static files for the production server ...")
    manage("collectstatic", "--noinput", "-v0", env=env)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = folder / "gunicorn.log"
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        app,
        "--config",
        str(settings.BASE_DIR / "gunicorn.conf.py"),
        f"--bind=127.0.0.1:{port}",
        # The README logs every request; so does the measured server, to a file.
        f"--access-logfile={folder / 'access.log'}",
        f"--error-logfile={log}",
        *options,
    ]
    server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdin=subprocess.DEVNULL)  # noqa: S603
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited:\n{log.read_text() if log.exists() else ''}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310 (our own server)
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise CommandError(f"gunicorn did not answer within {STARTUP_SECONDS} s:\n{log.read_text()[-2000:]}")
        workers = log.read_text().count("Booting worker")
        say(f"gunicorn {' '.join(command[2:])}: {workers} workers, pid {server.pid}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())
