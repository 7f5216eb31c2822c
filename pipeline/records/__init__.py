"""The credit-system records: load + validate the export, store it, query it."""

from __future__ import annotations

from pipeline.records.load import RecordsExport, load_export
from pipeline.records.store import ImportReport, RecordsStoreError, RecordStore, import_records

__all__ = ["ImportReport", "RecordStore", "RecordsExport", "RecordsStoreError", "import_records", "load_export"]
