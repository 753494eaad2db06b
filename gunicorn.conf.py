"""gunicorn's settings for the portal: ``gunicorn zone_portal.wsgi --config gunicorn.conf.py``.

Options given on the command line win (``--bind``, ``--workers 6``). Why this worker model,
with figures: README.md ("Production") and docs/BENCHMARKS.md ("Throughput").
"""

import os

# Threads in a few processes rather than many single-request processes: a page kept for
# visitors (core.page_cache) costs about a millisecond, a page rendered afresh 10 ms to a
# second (a new search on a large directory). With threads, quick answers keep flowing
# while a slow one renders, where a sync worker holds every request behind it; threads also
# keep connections alive between requests. Python runs one thread of a process at a time,
# so the processes are what use the cores: one per core and one more, so that a core has
# work while another process waits (on PostgreSQL, on a slow client). Fewer, larger
# processes also mean fewer copies of the page cache to fill after a change.
worker_class = "gthread"
workers = len(os.sched_getaffinity(0)) + 1
# Four requests in progress per process; each thread keeps its own database connection
# (DJANGO_CONN_MAX_AGE), so PostgreSQL sees workers x threads connections.
threads = 4
# A request still running after 30 s is stopped and its worker replaced.
timeout = 30
accesslog = "-"
