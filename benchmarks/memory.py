"""Peak memory of rendering one post page, measured in a fresh process.

`python -m benchmarks.memory URL WARMUP_URL` (run by the benchmark with its settings and
database): one GET of WARMUP_URL loads code and templates, then the page at URL is rendered
cold twice: once plain, for the peak resident size of the process during the request (Linux's VmHWM,
reset just before it through /proc/self/clear_refs) against the resident size before it, and
once under tracemalloc, for the peak of Python allocations during the request. Prints JSON.
"""

import gc
import json
import os
import sys
import tracemalloc


def status_mib(field):
    """VmRSS (resident now) or VmHWM (peak resident) of this process, in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024  # kB
    raise LookupError(field)


def reset_peak():
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")  # Linux: reset the peak resident set size to the current one


def main(url, warmup_url):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from config.workers import settle

    settle()  # as a gunicorn worker starts (config/wsgi.py)
    from django.test import Client

    from .measure import clear_caches

    client = Client()
    client.get(warmup_url)
    gc.collect()
    clear_caches()
    reset_peak()
    before = status_mib("VmRSS")
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    peak = status_mib("VmHWM")
    del response
    gc.collect()
    clear_caches()
    tracemalloc.start()
    client.get(url)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "rss_before_mib": before,
                "rss_peak_mib": peak,
                "tracemalloc_peak_mib": traced_peak / 2**20,
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
