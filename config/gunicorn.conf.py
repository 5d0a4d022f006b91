"""gunicorn settings, from the environment: `gunicorn -c config/gunicorn.conf.py`.

| variable | default | meaning |
| --- | --- | --- |
| HOST, PORT | 127.0.0.1, 8000 | where to listen (HOST=0.0.0.0 in a container) |
| WEB_CONCURRENCY | 2 x CPU cores + 1, at most 12 | worker processes |
| GUNICORN_TIMEOUT | 30 | seconds a request may take before its worker is restarted |
| FORWARDED_ALLOW_IPS | 127.0.0.1 | proxies whose X-Forwarded-* headers gunicorn trusts |
| GUNICORN_LOG_LEVEL | info | gunicorn's own log level (Django's: LOG_LEVEL) |

Access and error logs go to stdout and stderr, for the process manager to collect.
"""

import multiprocessing
import os
from pathlib import Path


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "config.wsgi:application"
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"]

# Sync workers: each request holds one process. Writers serialise on the discussion's row lock,
# so more processes than this mostly wait on PostgreSQL. WEB_CONCURRENCY wins when set.
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 12))
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle workers now and then, staggered, so a slow leak never takes a machine down.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# Request line and header limits stay at gunicorn's defaults; bodies are limited by Django.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info").lower()
# Remote address, request, status, size, referrer, user agent, and time taken in microseconds.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus'

# Heartbeat files in memory, not on a disk that may be slow (containers mount /tmp on overlayfs).
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# gunicorn 24+ opens a control socket in $HOME shared by every instance of that user; the blog
# needs none (reload with SIGHUP, stop with SIGTERM), and two instances would fight over it.
control_socket_disable = True
