# Two commands for a fresh Debian machine with python3: `make run`, `make test`.
# `make serve` runs it as in production (gunicorn, DEBUG off).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUN_ENV := DEBUG=1
SERVE_ENV := DEBUG=0

.PHONY: run serve test lint bench clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && apt-get install -y -q python3-venv && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "需要 python3-venv：请先运行 sudo apt-get install python3-venv" >&2; exit 1; \
	  fi; }

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_demo
	@echo "讲稿版本库已启动：http://127.0.0.1:8000/"
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Workers, address and timeouts: GUNICORN_* in the environment (gunicorn.conf.py).
serve: $(VENV)/.runtime
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python -m gunicorn -c gunicorn.conf.py

test: $(VENV)/.dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.dev
	$(BIN)/python benchmarks/bench_diff.py
	$(BIN)/python benchmarks/bench_proofread.py
	$(BIN)/python benchmarks/bench_compare_page.py
	$(BIN)/python benchmarks/bench_pages.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm test-db.sqlite3*
