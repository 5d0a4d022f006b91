# Everyday verbs. `make run` serves the demo; `make test` runs everything CI runs.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest

.PHONY: install run test test-sqlite test-postgres test-redis lint format serve loadtest bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test,postgres,redis]'
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin
	@echo "Serving http://127.0.0.1:8000/ (Ctrl-C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install lint
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --jobs=2 --output-sync=target test-sqlite test-postgres
	$(MAKE) test-redis
	$(MAKE) bench ARGS=--smoke

# The browser tests (tests/browser/, SQLite pass only) load axe-core from node_modules/.
test-sqlite: install
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	$(PYTEST)

# A throwaway PostgreSQL 15 cluster, started and stopped by tests/pgcluster.py.
test-postgres: install
	$(PY) tests/pgcluster.py run -- $(PYTEST) -m "not browser"

# The cache, session, rate-limit and sign-in throttle tests again with REDIS_URL set, against a
# throwaway redis-server started and stopped by tests/redisserver.py. (The two-machine test in
# tests/test_scale_servers.py runs in test-postgres and starts its own Redis.)
REDIS_TESTS = tests/test_scale.py tests/test_health.py tests/comments/test_ratelimit.py \
	tests/security/test_login_throttle.py tests/comments/test_caching.py
test-redis: install
	$(PY) tests/redisserver.py run -- $(PYTEST) -m "not browser" $(REDIS_TESTS)

# The demo through gunicorn (config/gunicorn.conf.py) with DEBUG off, on the default database
# (DATABASE_URL, else db.sqlite3), static files collected for WhiteNoise (compressed and
# fingerprinted). Plain HTTP on 127.0.0.1:$(PORT), so HTTPS-only cookies and redirects are off;
# docs/deploy.md for the real thing. The secret key is generated once into .secret-key.
PORT ?= 8000
SERVE_ENV = DEBUG=false SECRET_KEY="$$(cat .secret-key)" ALLOWED_HOSTS=localhost,127.0.0.1 \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false PORT=$(PORT)

.secret-key:
	umask 077 && python3 -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: install .secret-key
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py load_demo
	$(SERVE_ENV) $(PY) manage.py ensure_admin
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving http://127.0.0.1:$(PORT)/ with gunicorn (Ctrl-C to stop)"
	$(SERVE_ENV) exec $(VENV)/bin/gunicorn --config config/gunicorn.conf.py

# Load test (docs/benchmarks.md, "Load test"): gunicorn with 4 workers on a throwaway PostgreSQL
# 15, readers and commenters for 60 s on 127.0.0.1:8107. ARGS="--duration 10" for a short run.
loadtest: install
	$(PY) tests/pgcluster.py run -- $(PY) benchmarks/load.py $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rendering benchmark (docs/benchmarks.md) in its own virtualenv, with django-comments-xtd and
# pyinstrument, in a throwaway database. ARGS=--big adds 50k comments; ARGS=--smoke is CI's size.
BENCH_VENV ?= .venv-bench

$(BENCH_VENV)/.installed: pyproject.toml benchmarks/requirements.txt
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q --upgrade pip
	$(BENCH_VENV)/bin/pip install -q -e . -r benchmarks/requirements.txt
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python -m benchmarks $(ARGS)

clean:
	rm -rf $(VENV) $(BENCH_VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
