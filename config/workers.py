"""What a worker process does once, when its code is loaded and before its first request.

`settle()` loads the URLconf (and with it every view module, which Django otherwise imports on
the first request), collects what start-up left as garbage, and moves every object still alive
into the garbage collector's permanent generation (`gc.freeze()`). Those objects (modules,
classes, functions, settings, templates: about 90,000 of them) live as long as the process, and
a full collection no longer walks them. A full collection comes when enough new objects survive,
as a cold page of a long discussion makes them (its thousands of cached trees): one took 50 ms
of a signed-in reader's cold page of 10,000 comments, about 400 ms then, before the other
changes of that round made the page allocate less (it now triggers none: timed with
`gc.callbacks` around the request). Memory is still freed by
reference counting; only cycles among frozen objects would never be collected, and start-up
leaves none to speak of.

gunicorn runs it through config/wsgi.py; the benchmarks run it too, as they stand for a worker.
"""

import gc


def settle():
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module now
    gc.collect()
    gc.freeze()
