"""The records store on PostgreSQL, unchanged: a throwaway server from Debian's binaries."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_pg(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql-15)")
    pytest.importorskip("psycopg2", reason="psycopg2 (the PostgreSQL driver) is not installed")
    root = Path(tempfile.mkdtemp(prefix="cme-pg-"))
    root.chmod(0o755)
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    subprocess.run(_as_pg([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                           "-E", "UTF8", "--locale=C"]), check=True, capture_output=True)
    subprocess.run(_as_pg([str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"), "-o",
                           f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_pg([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, check=False)
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)


def test_import_query_history_on_postgres(pg_url: str, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
    from test_records_helpers import ID_A, ID_B, credits_rows, write_export

    from pipeline.errors import RecordsError
    from pipeline.records import RecordStore, import_records

    report = import_records(write_export(tmp_path / "v1", encoding="gbk"), pg_url)
    assert (report.persons_added, report.credits_added) == (2, 3)
    assert not import_records(tmp_path / "v1", pg_url).changed  # idempotent
    rows = credits_rows()
    rows[1][7] = "5"
    report = import_records(write_export(tmp_path / "v2", credits=rows[:2]), pg_url)
    assert (report.credits_updated, report.credits_removed) == (1, 1)
    store = RecordStore(pg_url)
    assert [r.credits for r in store.credits_for(ID_A)] == [6.0, 5.0]
    assert store.credits_for(ID_B) == [] and store.person(ID_B) is not None
    assert store.history("R0002")[-1]["old"] == "4.5"
    bad = credits_rows()
    bad[0][8] = "yesterday"
    with pytest.raises(RecordsError):
        import_records(write_export(tmp_path / "bad", credits=bad), pg_url)
    assert store.count("credits") == 2
    store.close()
