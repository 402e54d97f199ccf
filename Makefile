# The table of contents of the project's actions. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW := data/raw
PROCESSED := data/processed
REPORTS := reports
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

.PHONY: run test install build notebooks benchmark strip clean help

help:
	@echo "make run        build data/processed/ and execute every notebook into reports/"
	@echo "make test       run the whole test suite (notebooks included)"
	@echo "make install    create .venv and install iraqtext with its spaCy model"
	@echo "make benchmark  speed ratios in benchmarks/"
	@echo "make clean      delete generated outputs (never data/raw/)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the package definition changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,model,dask]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(BIN)/python -c "import iraqtext; iraqtext.load_nlp()" 
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/iraqtext build --raw $(RAW) --out $(PROCESSED)

notebooks: build
	$(BIN)/python -m iraqtext.reports --out $(REPORTS) $(NOTEBOOKS)

run: notebooks
	@echo "Done: tables in $(PROCESSED)/, executed notebooks and HTML in $(REPORTS)/, figures in $(REPORTS)/figures/"

test: $(STAMP)
	$(BIN)/python -m pytest

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

strip: $(STAMP)
	$(BIN)/nbstripout $(NOTEBOOKS)

clean:
	rm -rf $(REPORTS) .pytest_cache .hypothesis
	find $(PROCESSED) -mindepth 1 ! -name .gitkeep -delete
