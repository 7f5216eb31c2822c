"""Thin Prefect flows and tasks over ``pipeline``. Importing the package masks ID numbers in
Prefect's run logs (``flows/logs.py``)."""

from flows.logs import mask_run_logs

mask_run_logs()
