"""gunicorn's settings for the portal: ``gunicorn zone_portal.wsgi --config gunicorn.conf.py``.

Options given on the command line win (``--bind``, ``--workers 9``). Why this worker model,
with figures: README.md ("Production") and docs/BENCHMARKS.md ("Throughput and load").
"""

import os

# Single-threaded processes ("sync"), two per core and one more. A request here is work for
# the CPU (rendering, or answering from the page cache) with short waits on PostgreSQL;
# nginx in front buffers slow clients, so no worker waits on one. Idle workers take the
# next connection from one queue in the order they came, so no request waits behind
# another's worker while others are free: under 64 connections the slowest answer stayed
# under 0.7 s, where threaded workers (gthread, 3 x 4) let a kept page wait behind a render
# in its process and reached 1 to 2 s. Two per core keep the cores busy while some wait on
# the database; each is some 170 MB and keeps its own copy of the page cache.
worker_class = "sync"
workers = 2 * len(os.sched_getaffinity(0)) + 1
# A request still running after 30 s is stopped and its worker replaced.
timeout = 30
accesslog = "-"
