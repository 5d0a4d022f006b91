"""Profile cold GETs of a post page with pyinstrument and say where the time goes."""

from pyinstrument import Profiler

from .measure import clear_caches

# Each frame's own time is charged to the innermost frame on its stack that matches one of
# these, tried in order; time under none of them is the request's own plumbing.
ROWS_TO_PYTHON = {"apply_converters", "results_iter", "parse_datetime", "<dictcomp>", "__iter__"}
LAYERS = (
    (
        "rows to Python (converters, values() dicts)",
        lambda f, p: (
            (f.startswith("convert_") or f in ROWS_TO_PYTHON)
            and ("/django/db/" in p or "/django/utils/dateparse" in p)
        ),
    ),
    (
        "SQL: execute and fetch (sqlite3)",
        lambda f, p: "/django/db/backends/" in p or p.endswith("django/db/utils.py"),
    ),
    (
        "model instances (from_db, __init__)",
        lambda f, p: f in {"from_db", "__init__"} and p.endswith("django/db/models/base.py"),
    ),
    ("our renderer (comments/rendering.py)", lambda f, p: p.endswith("comments/rendering.py")),
    (
        "timezone (localtime, make_aware)",
        lambda f, p: "/django/utils/timezone" in p or "/zoneinfo/" in p,
    ),
    ("template engine", lambda f, p: "/django/template/" in p),
    (
        "building queries (ORM, paginator)",
        lambda f, p: "/django/db/models/" in p or "/django/core/paginator" in p,
    ),
    ("URL reversing", lambda f, p: "/django/urls/" in p),
    (
        "response and middleware",
        lambda f, p: "/django/http/" in p or "/django/middleware/" in p or "/whitenoise/" in p,
    ),
)
PLUMBING = "request plumbing (handler, test client, other)"


def _layer(frame):
    path = frame.file_path or ""
    for name, matches in LAYERS:
        if matches(frame.function, path):
            return name
    return None


def _own_times(root):
    """Yield (frame, layer, own seconds) for every frame under `root`."""
    stack = [(root, PLUMBING)]
    while stack:
        frame, layer = stack.pop()
        layer = _layer(frame) or layer
        yield frame, layer, frame.time - sum(child.time for child in frame.children)
        stack.extend((child, layer) for child in frame.children)


def _where(frame):
    path = frame.file_path or "<built-in>"
    for marker in ("site-packages/", "/lib/python3.11/", "/work/main/", "/tmp/"):
        path = path.rpartition(marker)[2] if marker in path else path
    name = f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function
    return f"{name}  {path}"


def profile_page(client, url, *, runs=3):
    """Profile `runs` cold GETs of `url`; return (layers summary, call tree, top functions)."""
    client.get(url)
    profiler = Profiler(interval=0.0005)
    for _ in range(runs):
        clear_caches()
        profiler.start()
        client.get(url)
        profiler.stop()
    layers, functions = {}, {}
    for frame, layer, own in _own_times(profiler.last_session.root_frame()):
        layers[layer] = layers.get(layer, 0.0) + own
        key = _where(frame) if frame.function != "[self]" else _where(frame.parent)
        functions[key] = functions.get(key, 0.0) + own
    total = sum(layers.values())
    lines = [f"Where the time goes ({runs} cold GETs, {total:.2f} s sampled):"]
    for name, seconds in sorted(layers.items(), key=lambda item: -item[1]):
        lines.append(
            f"  {100 * seconds / total:5.1f}%  {seconds / runs * 1000:8.1f} ms/GET  {name}"
        )
    top = [f"Own time, top functions ({runs} GETs):"]
    for name, seconds in sorted(functions.items(), key=lambda item: -item[1])[:30]:
        top.append(f"  {100 * seconds / total:5.1f}%  {seconds / runs * 1000:8.1f} ms/GET  {name}")
    tree = profiler.output_text(
        unicode=False, color=False, processor_options={"filter_threshold": 0.03}
    )
    return "\n".join(lines), tree, "\n".join(top)
