"""One hierarchy of errors. Each message says what went wrong, where, and what to do.

Findings are values; an exception means "cannot process this". One edge (the
audit of a bundle) turns a document's exception into a flag, so one bad scan
never fails a batch; the CLI turns a run-level exception into a message and a
non-zero exit code.
"""

from __future__ import annotations

from dataclasses import dataclass


class CmeAuditError(Exception):
    """Base of every error the tool raises on purpose."""


class InputDocumentError(CmeAuditError):
    """A document file cannot be read (corrupt, empty, not a document)."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class EncryptedPdfError(InputDocumentError):
    def __init__(self, path: str):
        super().__init__(
            path, "PDF 已加密，需要打开密码，未读取；请申请人提交未加密的扫描件，或解密后补交"
            "（the PDF is encrypted: `qpdf --decrypt in.pdf out.pdf`）")


class OcrEngineError(CmeAuditError):
    """An OCR engine failed or is not installed."""


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file: file, row (1-based, header = 1), column."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class ProblemsError(CmeAuditError):
    """Validation found problems; all of them are listed, not just the first."""

    kind = "input"

    def __init__(self, problems: list[Problem], *, hint: str = ""):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} problem(s) in the {self.kind}:"]
        lines += [f"  - {p}" for p in self.problems[:200]]
        if len(self.problems) > 200:
            lines.append(f"  ... and {len(self.problems) - 200} more")
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


class RecordsError(ProblemsError):
    kind = "credit-system records export"


class PolicyError(ProblemsError):
    kind = "policy file"


class TruthError(ProblemsError):
    kind = "truth file"
