"""Writes of municipalities, one module per concern: the registry (registry.py), reading a budget
file (budget_import.py) and budget reports (reports.py). Views, the API, the admin and the
commands call these functions."""
