"""Evidence for every flag: ids, fact hashes, data (``facts``) and images cut from page previews
(``images``, ``preview``). See docs/evidence.md."""

from __future__ import annotations

from pipeline.evidence.facts import annotate_flags, ensure_flag_ids, highlight, make_flag_id
from pipeline.evidence.images import EVIDENCE_DIR, PreviewSource, write_evidence

__all__ = ["EVIDENCE_DIR", "PreviewSource", "annotate_flags", "ensure_flag_ids", "highlight", "make_flag_id",
           "write_evidence"]
