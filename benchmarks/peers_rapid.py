"""RapidOCR over whole page images, as a user would call it: one process, detection + recognition
of each page as it is (no orientation, preprocessing, region re-reads or seals).

    python -m benchmarks.peers_rapid --runtime onnxruntime|openvino --out TEXTS.json IMAGE...

The peers benchmark starts two of these side by side (one engine thread each, like the reader
processes of ``cme-audit run``). Writes ``{image path: text}``, lines joined by newlines, so the
two runtimes' readings can be compared page by page.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.io.load import load_pages
from pipeline.ocr.rapid import RapidOcrEngine


def read_pages(images: list[Path], runtime: str) -> dict[str, str]:
    engine = RapidOcrEngine(runtime)
    texts: dict[str, str] = {}
    for path in images:
        page = load_pages(path, path.name)[0]
        result = engine.recognize(page.image)
        texts[str(path)] = "\n".join(line.text for line in result.lines)
    return texts


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.peers_rapid", description=__doc__.split("\n\n")[0])
    p.add_argument("--runtime", required=True, help="RapidOCR runtime (pipeline/ocr/rapid.py RUNTIMES)")
    p.add_argument("--out", type=Path, required=True, help="JSON file of the texts read")
    p.add_argument("images", type=Path, nargs="+")
    args = p.parse_args(argv)
    args.out.write_text(json.dumps(read_pages(args.images, args.runtime), ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
