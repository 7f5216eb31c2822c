"""Start the review web app on a local address (uvicorn), with the store the run used."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def default_db_url(out: Path, db_url: str | None = None) -> str:
    """``db_url`` / ``$CME_AUDIT_DB``, else the store the run wrote: ``OUT/cme-audit.sqlite``, or the
    nightly layout's ``OUT_ROOT/cme-audit.sqlite`` beside a dated ``OUT``; else a new ``OUT/cme-audit.sqlite``."""
    url = db_url or os.environ.get("CME_AUDIT_DB")
    if url:
        return url if "://" in url else f"sqlite:///{Path(url).resolve()}"
    out = Path(out).resolve()
    for candidate in (out / "cme-audit.sqlite", out.parent / "cme-audit.sqlite"):
        if candidate.is_file():
            return f"sqlite:///{candidate}"
    return f"sqlite:///{out / 'cme-audit.sqlite'}"


def serve(out: Path, *, db_url: str | None = None, host: str | None = None, port: int | None = None,
          reviewer: str | None = None, show_id: bool = False) -> None:
    """Serve ``OUT``'s review queue until interrupted."""
    import getpass

    import uvicorn

    from pipeline.review.app import create_app
    from pipeline.settings import config

    cfg = config("review")
    app = create_app(Path(out), db_url=default_db_url(out, db_url), reviewer=reviewer or getpass.getuser(),
                     show_id=show_id)
    uvicorn.run(app, host=host or str(cfg["host"]), port=int(port or cfg["port"]), log_level="warning")
