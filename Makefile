# Shortcuts for developers; the README's two commands are the scripts themselves.
.PHONY: setup demo test lint

setup:
	@bash scripts/setup.sh

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

lint: setup
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports
