"""The rendering benchmark: `make bench` (see docs/benchmarks.md, "Rendering a discussion").

Runs with `benchmarks.settings`, in its own virtualenv and a throwaway database, so the project's
settings, dependencies and data are untouched.
"""
