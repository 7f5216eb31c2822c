"""Run Prefect's CLI with one client-side workaround, for tests only.

With fastapi 0.152 the Prefect 3.8.8 server rejects an explicit JSON null for
``limit``/``offset`` in ``POST /work_pools/{name}/workers/filter`` (422), which
``prefect deploy`` sends after creating a deployment. This shim sends the
server's own defaults instead; everything else is the unmodified CLI.
Usage: python prefect_cli_shim.py <prefect arguments>
"""

from __future__ import annotations

import sys

from prefect.client.orchestration._work_pools.client import WorkPoolAsyncClient, WorkPoolClient


def _patch(cls: type) -> None:
    original = cls.read_workers_for_work_pool

    def read_workers_for_work_pool(self, work_pool_name, worker_filter=None, offset=None, limit=None):
        from prefect.settings import PREFECT_API_DEFAULT_LIMIT

        return original(self, work_pool_name, worker_filter=worker_filter, offset=offset or 0,
                        limit=limit if limit is not None else PREFECT_API_DEFAULT_LIMIT.value())

    cls.read_workers_for_work_pool = read_workers_for_work_pool


if __name__ == "__main__":
    _patch(WorkPoolClient)
    _patch(WorkPoolAsyncClient)
    from prefect.cli import app

    sys.argv[0] = "prefect"
    sys.exit(app())
