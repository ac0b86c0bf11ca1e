"""Load benchmark of the on-demand check: ``hecha api`` over a province-scale data run.

    python benchmarks/check_load.py [--households 100000] [--requests 400] [--clients 4]
        [--work DIR] [--seed S]

Generates (or reuses) the benchmark drop, runs ``hecha run`` once into
``WORK/check-root/out`` unless that root already holds a data run of the
drop, then starts ``hecha api`` on a free 127.0.0.1 port and times how long
it takes to answer ``/v1/health``. It sends ``--requests`` checks from
``--clients`` threads — registered households drawn at random and copies of
them under new household ids, as new applications — and stops by itself.
It prints p50/p95/p99 latency, throughput, and the sizes on disk of the data
run, the run folder and the history. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "check"))

from api_server import api_server  # noqa: E402
from scale import ensure_drop  # noqa: E402

HECHA = Path(sys.executable).parent / "hecha"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--as-of", default="2026-11-30")
    parser.add_argument("--work", type=Path, default=HERE / "data")
    return parser.parse_args(argv)


def ensure_data_run(args: argparse.Namespace) -> Path:
    """The root holding a data run of the benchmark drop (one ``hecha run`` when it has none)."""
    drop = ensure_drop(args.work, args.households, args.seed, "parquet")
    root = args.work / f"check-root-{drop.folder.name}"
    if not (root / "hecha-data-run.duckdb").is_file():
        started = time.perf_counter()
        subprocess.run([str(HECHA), "run", "--input", str(drop.drop_dir), "--output", str(root / "out"),
                        "--as-of", args.as_of], check=True)
        print(f"hecha run: {time.perf_counter() - started:.1f} s")
    return root


def households(root: Path, n: int, seed: int) -> list[dict]:
    """``n`` households of the register as §6 JSON; every other one a copy under a new id."""
    from check_drops import register  # tests/check/check_drops.py: the register as JSON

    rng = random.Random(seed)
    chosen = rng.sample(register(root), n)
    return [h if i % 2 else {**h, "household_id": f"NEW-{i:06d}"} for i, h in enumerate(chosen)]


def load(url: str, token: str, bodies: list[dict], clients: int, as_of: str) -> tuple[list[float], float]:
    """Latencies (s) of every request and the wall time of the whole load."""
    def one(body: dict) -> float:
        started = time.perf_counter()
        answer = client.post(f"{url}/v1/check", params={"as_of": as_of}, json=body,
                             headers={"Authorization": f"Bearer {token}"})
        answer.raise_for_status()
        return time.perf_counter() - started

    with httpx.Client(timeout=120, limits=httpx.Limits(max_connections=clients)) as client:
        one(bodies[0])  # first request warms the caches
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            latencies = list(pool.map(one, bodies))
        return latencies, time.perf_counter() - started


def sizes(root: Path) -> dict[str, float]:
    """MB on disk: the data run, the run folder, the history."""
    folder = sum(p.stat().st_size for p in (root / "out").rglob("*") if p.is_file())
    return {"data run (hecha-data-run.duckdb)": (root / "hecha-data-run.duckdb").stat().st_size / 1e6,
            "run folder (out/)": folder / 1e6, "history": (root / "hecha-history.duckdb").stat().st_size / 1e6}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    root = ensure_data_run(args)
    bodies = households(root, args.requests, args.seed)
    token = secrets.token_hex(16)
    tokens = args.work / "check-load-tokens"
    tokens.write_text(f"benchmark:{token}\n", encoding="utf-8")
    started = time.perf_counter()
    with api_server(root, tokens, args.work / "check-load-api.log") as url:
        startup = time.perf_counter() - started
        latencies, wall = load(url, token, bodies, args.clients, args.as_of)
    cut = statistics.quantiles(latencies, n=100)
    result = {"households": args.households, "requests": len(latencies), "clients": args.clients,
              "startup_s": round(startup, 2), "p50_ms": round(cut[49] * 1000, 1), "p95_ms": round(cut[94] * 1000, 1),
              "p99_ms": round(cut[98] * 1000, 1), "checks_per_s": round(len(latencies) / wall, 1),
              "sizes_mb": {k: round(v, 1) for k, v in sizes(root).items()}, "cpus": os.cpu_count()}
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
