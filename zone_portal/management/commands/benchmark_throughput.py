"""Measure throughput with wrk against gunicorn as the README runs it, as ratios to /healthz.

Starts gunicorn with the project's gunicorn.conf.py and production settings (debug off,
hashed static files collected into a temporary folder, HTTPS as nginx would report it) on
the configured database, unless ``--url`` names a server that is already running. Then:

1. the first request of each page on the fresh server (every cache empty), and the median
   of the next 20;
2. wrk at 16 connections on /healthz, a profile, the directory, a directory search, the
   portal search and the events list, each as requests per second and as a ratio to /healthz
   in the same run (/healthz is measured before and after the pages; the ratio uses the mean);
   with ``--uncached``, the pages again as a visitor the page cache does not serve (a cookie);
3. wrk at 64 connections for 60 s on the directory, a profile and the events list in turn:
   errors, timeouts (wrk gives up after 2 s) and the slowest request.

The load average is printed before and after: on a shared machine it says how far to trust
the figures. wrk is a measuring tool, not a dependency (``apt-get install wrk``).
"""

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import quote

from django.core.management.base import BaseCommand, CommandError

from companies.models import Company
from zone_portal.production_server import PROXY_HEADER, gunicorn, load_average, production_environment

# wrk calls done() once at the end; it prints one line of JSON that the command reads.
WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %%d, "seconds": %%f, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d, '
    .. '"p50": %%d, "p99": %%d, "max": %%d}\\n',
    summary.requests, summary.duration / 1e6, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
"""
# Any cookie but the CSRF cookie makes the page cache render the page afresh (core.page_cache).
UNCACHED_HEADER = "Cookie: benchmark=uncached"


class Command(BaseCommand):
    help = "Measure pages per second with wrk against gunicorn with production settings, as ratios to /healthz."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="Measure this running server (e.g. http://127.0.0.1:8000) instead.")
        parser.add_argument("--duration", type=int, default=10, help="Seconds per page at 16 connections.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--load-duration", type=int, default=60, help="Seconds of the load test (0: none).")
        parser.add_argument("--load-connections", type=int, default=64)
        parser.add_argument("--query", default="logistics", help="The word searched for.")
        parser.add_argument("--profile", help="Slug of the company whose profile is measured (default: the first).")
        parser.add_argument(
            "--uncached", action="store_true", help="Also measure each page as rendered, bypassing the page cache."
        )
        parser.add_argument(
            "--gunicorn",
            default="",
            help='Extra gunicorn options for comparisons, e.g. "--worker-class sync --workers 5".',
        )

    def handle(self, *args, **options):
        if shutil.which("wrk") is None:
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        self.options = options
        profile = (
            options["profile"] or Company.objects.published().order_by("pk").values_list("slug", flat=True).first()
        )
        if profile is None:
            raise CommandError("No published company to measure a profile with: run manage.py load_demo first.")
        query = quote(options["query"])
        pages = [
            ("profile", f"/en/companies/{profile}/"),
            ("directory", "/en/companies/"),
            ("directory search", f"/en/companies/?q={query}"),
            ("portal search", f"/en/search/?q={query}"),
            ("events", "/en/events/"),
        ]
        self.say(f"load average before: {load_average()}")
        with tempfile.TemporaryDirectory(prefix="zone-throughput-") as folder:
            if options["url"]:
                server = nullcontext(options["url"].rstrip("/"))
            else:
                env = {**os.environ, **production_environment(Path(folder))}
                server = gunicorn(Path(folder), env, options=options["gunicorn"].split(), say=self.say)
            with server as base:
                self.measure(base, pages)
        self.say(f"load average after: {load_average()}")

    # --- Measuring ------------------------------------------------------------------------

    def measure(self, base, pages):
        options = self.options
        # Each worker renders a page once before it keeps it; the median of the next 20 is
        # what most visitors get.
        self.say("\nFirst request of each page on the fresh server, and the median of the next 20 (ms):")
        for name, path in pages:
            first = self.timed_get(base + path)
            median = statistics.median(self.timed_get(base + path) for _ in range(20))
            self.say(f"  {name:<17} {first:8.1f} {median:8.1f}   {path}")

        connections, duration = options["connections"], options["duration"]
        self.say(f"\nwrk, {connections} connections, {duration} s each:")
        floor_before = self.wrk(base, ["/healthz"], connections, duration)
        self.row("/healthz (before)", floor_before)
        results = [(name, self.wrk(base, [path], connections, duration)) for name, path in pages]
        uncached = []
        if options["uncached"]:
            uncached = [
                (f"{name}, uncached", self.wrk(base, [path], connections, duration, UNCACHED_HEADER))
                for name, path in pages
            ]
        floor_after = self.wrk(base, ["/healthz"], connections, duration)
        self.row("/healthz (after)", floor_after)
        floor = (floor_before["rate"] + floor_after["rate"]) / 2
        for name, result in results + uncached:
            self.row(name, result, floor)

        if options["load_duration"]:
            paths = [pages[1][1], pages[0][1], pages[4][1]]
            load = options["load_connections"]
            self.say(f"\nwrk, {load} connections, {options['load_duration']} s, in turn: {', '.join(paths)}")
            result = self.wrk(base, paths, load, options["load_duration"])
            self.row("load test", result)
            failed = result["connect"] + result["read"] + result["write"] + result["status"] + result["timeout"]
            verdict = "no error, none over 2 s" if not failed and result["max"] < 2000 else "FAILED"
            self.say(f"  {verdict}")

    def wrk(self, base, paths, connections, duration, *headers):
        script = Path(tempfile.mkstemp(suffix=".lua", prefix="zone-wrk-")[1])
        try:
            script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(path) for path in paths)})
            command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "2s", "-s", str(script)]
            for header in (": ".join(PROXY_HEADER), *headers):
                command += ["-H", header]
            output = subprocess.run(  # noqa: S603 (wrk with fixed arguments)
                [*command, base + paths[0]], capture_output=True, text=True, check=True
            ).stdout
        finally:
            script.unlink()
        result = json.loads(next(line for line in output.splitlines() if line.startswith('{"requests"')))
        result["rate"] = result["requests"] / result["seconds"]
        for name in ("p50", "p99", "max"):
            result[name] /= 1000  # µs to ms
        return result

    def timed_get(self, url):
        request = urllib.request.Request(url, headers=dict([PROXY_HEADER]))  # noqa: S310 (our own server)
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
        return (time.perf_counter() - started) * 1000

    def row(self, name, result, floor=None):
        ratio = f"{result['rate'] / floor:5.2f} x" if floor else " " * 7
        errors = result["connect"] + result["read"] + result["write"] + result["status"]
        self.say(
            f"  {name:<27} {result['rate']:8.1f}/s {ratio}  p50 {result['p50']:7.1f} ms  p99 {result['p99']:7.1f} ms"
            f"  max {result['max']:7.1f} ms  errors {errors}  timeouts {result['timeout']}"
        )

    def say(self, text):
        self.stdout.write(text)
        self.stdout.flush()
