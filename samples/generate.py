"""Generate a synthetic set of CME bundles with ground truth.

    python -m samples.generate --out DIR --seed N --applicants K \
        --profile clean|realistic|harsh [--years 2018-2022] [--policy wenzhou-2023] \
        [--max-certs-per-year M] [--max-dpi D] [--jpeg-quality Q] [--no-render] [--jobs J] \
        [--families classic|dev|heldout|all] \
        [--seals classic|dev|heldout|all]

Writes DIR/submissions/<unit>/<applicant>/..., DIR/records/{persons,credits}.csv and
DIR/truth.json (schema docs/truth.md). Same arguments, same output.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import time
from pathlib import Path

from samples.plan import plan_set
from samples.seal_styles import SPLITS, resolve_split
from samples.write import write_records, write_submissions, write_truth

log = logging.getLogger("samples.generate")


def parse_years(text: str) -> list[int]:
    """"2018-2022" -> [2018..2022]; "2022" -> [2022]; "2019,2021" -> [2019, 2021]."""
    years: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            a, b = (int(x) for x in part.split("-", 1))
            years.update(range(min(a, b), max(a, b) + 1))
        elif part:
            years.add(int(part))
    if not years:
        raise argparse.ArgumentTypeError(f"--years {text!r}: give e.g. 2018-2022, 2022 or 2019,2021")
    return sorted(years)


def generate(out: Path, *, seed: int, applicants: int, profile: str, years: list[int] | None = None,
             policy: str = "wenzhou-2023", max_certs_per_year: int | None = None, render: bool = True,
             jobs: int = 1, max_dpi: int | None = None, jpeg_quality: int | None = None,
             families: str = "classic",
             seals: str | None = None) -> dict:
    """Plan and write one set; returns the truth dict. ``seals``: the seal split; None follows
    ``families`` when that is dev / heldout / all, else classic (:func:`samples.seal_styles.resolve_split`)."""
    t0 = time.perf_counter()
    if years is None:  # the policy's audit window
        from samples import config

        pol = config.generator()["policies"].get(policy)
        if pol is None:
            raise ValueError(f"unknown policy {policy!r} for the generator; add it under `policies:` in "
                             "samples/config/generator.yaml")
        years = list(range(pol["window"][0], pol["window"][1] + 1))
    sp = plan_set(seed=seed, applicants=applicants, profile=profile, years=years, policy=policy,
                  max_certs_per_year=max_certs_per_year, max_dpi=max_dpi, jpeg_quality=jpeg_quality,
                  families=families,
                  seals=resolve_split(seals, families))
    if (out / "submissions").exists():
        shutil.rmtree(out / "submissions")
    write_records(sp, out / "records")
    truth = write_truth(sp, out)
    if render:
        n = write_submissions(sp, out, jobs=jobs)
        dt = time.perf_counter() - t0
        log.info("%d pages in %.1f s (%.2f s/page)", n, dt, dt / max(n, 1))
    return truth


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--applicants", type=int, default=5)
    ap.add_argument("--profile", choices=("clean", "realistic", "harsh"), default="clean")
    ap.add_argument("--years", type=parse_years, default=None,
                    help="audited years, e.g. 2018-2022 (default: the policy's window)")
    ap.add_argument("--policy", default="wenzhou-2023")
    ap.add_argument("--max-certs-per-year", type=int, default=None)
    ap.add_argument("--max-dpi", type=int, default=None, help="cap every page's dpi (smaller files)")
    ap.add_argument("--jpeg-quality", type=int, default=None, help="cap JPEG quality (smaller files)")
    ap.add_argument("--no-render", action="store_true", help="write records and truth only (dry run)")
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                    help="processes rendering files in parallel (default: cores, at most 4)")
    ap.add_argument("--seals", choices=SPLITS, default=None,
                    help="seal styles: classic (default: today's two seals), dev, heldout or all "
                         "(samples/config/seals.yaml)")
    ap.add_argument("--families", choices=("classic", "dev", "heldout", "all"), default="classic",
                    help="page design families (samples/config/families.yaml): classic (default: the two "
                         "old certificate designs and list), dev, heldout or all")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(levelname)s %(message)s")
    try:
        generate(args.out, seed=args.seed, applicants=args.applicants, profile=args.profile, years=args.years,
                 policy=args.policy, max_certs_per_year=args.max_certs_per_year, render=not args.no_render,
                 jobs=args.jobs, max_dpi=args.max_dpi, jpeg_quality=args.jpeg_quality, families=args.families, seals=args.seals)
    except ValueError as exc:  # bad arguments: say which and what to do, exit 2
        ap.error(str(exc))


if __name__ == "__main__":
    main()
