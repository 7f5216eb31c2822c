"""`prefect deploy --all` for real against a throwaway local Prefect server, then one run by a
process worker (slow: about a minute)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PREFECT = str(Path(sys.executable).with_name("prefect"))
SHIM = [sys.executable, str(Path(__file__).with_name("prefect_cli_shim.py"))]  # see its docstring


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"prefect server at {url} not healthy after {timeout}s")


@pytest.fixture()
def prefect_server(tmp_path: Path):
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_API_URL": api,
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false",
           "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{tmp_path / 'prefect.db'}"}
    with (tmp_path / "server.log").open("wb") as log:
        proc = subprocess.Popen([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_healthy(api, proc)
            yield env
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    out = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    assert out.returncode == 0, f"{' '.join(args)} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


async def _read_deployments(env: dict) -> dict:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}):
        async with get_client() as client:
            found = {}
            for name in ("cme-audit-audit/cme-audit-audit", "cme-audit-nightly/cme-audit-nightly"):
                found[name] = await client.read_deployment_by_name(name)
            return found


async def _flow_runs(env: dict, deployment_id) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}):
        async with get_client() as client:
            return await client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
                sort=FlowRunSort.ID_DESC, limit=10)  # explicit sort: the pinned server rejects null (see shim)


@pytest.mark.slow
def test_prefect_deploy_all_then_a_worker_runs_the_audit(prefect_server: dict, tmp_path: Path) -> None:
    env = prefect_server
    _run([PREFECT, "work-pool", "create", "cme-audit-process", "--type", "process"], env)
    out = _run([*SHIM, "--no-prompt", "deploy", "--all"], env)
    assert "cme-audit-nightly" in out.stdout + out.stderr

    found = asyncio.run(_read_deployments(env))
    audit, nightly = found["cme-audit-audit/cme-audit-audit"], found["cme-audit-nightly/cme-audit-nightly"]
    assert audit.work_pool_name == nightly.work_pool_name == "cme-audit-process"
    assert audit.entrypoint == "flows/audit.py:audit_flow"
    assert audit.schedules == []
    assert audit.parameters["policy"] == "wenzhou-2023"  # merged from the anchor
    crons = [(s.schedule.cron, s.schedule.timezone) for s in nightly.schedules]
    assert crons == [("0 2 * * *", "Asia/Shanghai")]
    assert set(nightly.parameters) >= {"drop_folder", "submissions", "out_root", "policy"}

    # run the audit deployment once through a process worker: records only, no bundles (no OCR)
    gen = subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(tmp_path / "set"), "--seed", "5",
                          "--applicants", "2", "--years", "2022", "--no-render"],
                         capture_output=True, text=True, timeout=120, check=False)
    assert gen.returncode == 0, gen.stderr[-2000:]
    (tmp_path / "empty").mkdir()
    params = {"submissions": str(tmp_path / "empty"), "records": str(tmp_path / "set" / "records"),
              "out": str(tmp_path / "out"), "workers": 1}
    _run([*SHIM, "deployment", "run", "cme-audit-audit/cme-audit-audit", "--params", json.dumps(params)], env)
    _run([*SHIM, "worker", "start", "--pool", "cme-audit-process", "--run-once"], env)
    runs = asyncio.run(_flow_runs(env, audit.id))
    assert [r.state.type.value for r in runs] == ["COMPLETED"], [r.state for r in runs]
    findings = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert findings["policy"] == "wenzhou-2023" and findings["applicants"] == []
