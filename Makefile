# The table of contents of the project's actions. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW := data/raw
PROCESSED := data/processed
REPORTS := reports
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

.PHONY: run test install build notebooks report lab benchmark strip clean help

help:
	@echo "make run        build data/processed/ and execute every notebook into reports/"
	@echo "make test       run the whole test suite (notebooks included)"
	@echo "make install    create .venv and install iraqtext with its spaCy model"
	@echo "make report RAW=path OUT=path  build your corpus into OUT/processed/ and execute every notebook into OUT/"
	@echo "make lab        open the notebooks in JupyterLab with the project's kernel"
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

# Any corpus: make report RAW=path/to/corpus OUT=path/to/report [JOBS=4]
report: $(STAMP)
	$(if $(OUT),,$(error usage: make report RAW=path/to/corpus OUT=path/to/report))
	$(BIN)/iraqtext report --raw $(RAW) --out $(OUT) --jobs $(or $(JOBS),1)

# JUPYTER_PATH first: the venv's kernel named python3 wins over any user-wide kernel of that name.
lab: build
	JUPYTER_PATH=$(abspath $(VENV))/share/jupyter $(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(LAB_ARGS)

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
