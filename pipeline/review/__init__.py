"""The review web app (``cme-audit review OUT``): FastAPI + Jinja2, served locally by uvicorn."""

from __future__ import annotations

from pipeline.review.server import default_db_url, serve

__all__ = ["default_db_url", "serve"]
