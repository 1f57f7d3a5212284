"""`python -m bench [generate|http|all] ...` — with no arguments: `all --db sqlite --scale 1`.

The default full run takes about 6 minutes on a 2-core machine (≈1 min to generate the
province-scale SQLite dataset, skipped when a matching one exists; ≈4.5 min of HTTP load:
4 scenarios × 2 servers × (3 s warm-up + 10 s at 1 connection + 15 s at 8 connections)).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

from bench.generate import DATA_DIR, PROJECT, generate, load_manifest, migrations_list, target
from bench.report import summarise

SEED = 20251123


def _common(p: argparse.ArgumentParser, dbs: tuple[str, ...] = ("sqlite", "postgres")) -> None:
    p.add_argument("--db", choices=dbs, default="sqlite")
    p.add_argument("--scale", type=float, default=1.0, help="1.0 = 1M enterprises (default)")
    p.add_argument("--data-dir", type=Path, default=DATA_DIR,
                   help="where SQLite files, manifests and results go (default bench/data)")


def _gen_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--anchor", type=dt.date.fromisoformat, default=None,
                   help="the dataset's 'today' (YYYY-MM-DD); default: today (Asia/Shanghai)")
    p.add_argument("--analyze", action="store_true",
                   help="run ANALYZE after loading (SQLite has no statistics otherwise)")


def _http_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=1, help="uvicorn workers (default 1)")
    p.add_argument("--connections", type=int, default=8, help="throughput-run connections")
    p.add_argument("--warmup", type=float, default=3.0, help="seconds per scenario and server")
    p.add_argument("--latency-seconds", type=float, default=10.0)
    p.add_argument("--load-seconds", type=float, default=15.0)
    p.add_argument("--no-pin", action="store_true", help="do not pin server/client to CPUs")
    p.add_argument("--scenarios", default="page,enterprise,results,floor",
                   help="comma-separated subset of page,enterprise,results,floor")
    p.add_argument("--repeat", type=int, default=1,
                   help="repeat each measured run N times and keep the best (noisy machines)")
    p.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument("--sqlite-file", type=Path, default=None,
                   help="measure this SQLite file instead (e.g. a copy with an extra index)")
    p.add_argument("--pg-database", default=None,
                   help="measure this PostgreSQL database instead (e.g. a copy made with "
                        "`createdb -T portal_bench_s1 NAME`)")
    p.add_argument("--db-params", default="",
                   help="query string appended to the database URL, e.g. SQLite pragmas "
                        "'cache_size=-262144&mmap_size=2147483648'")
    p.add_argument("--experiment", action="append", default=[],
                   choices=["gql-cache", "ref-cache", "gc-freeze"],
                   help="what-if change applied by bench/portal_shim.py (repeatable)")


def _anchor(args: argparse.Namespace) -> dt.date:
    from portal.core import clock

    return args.anchor or clock.today()


def _http(args: argparse.Namespace) -> None:
    from bench import http

    t = target(args.db, args.scale, args.data_dir.resolve())
    if args.sqlite_file:
        path = args.sqlite_file.resolve()
        t = dataclasses.replace(t, path=path, url=f"sqlite://{path}")
    if args.pg_database:
        t = dataclasses.replace(t, url=f"{t.url.rsplit('/', 1)[0]}/{args.pg_database}")
    if args.db_params:
        t = dataclasses.replace(t, url=f"{t.url}?{args.db_params}")
    out = http.run(t, workers=args.workers, connections=args.connections, warmup=args.warmup,
                   latency_secs=args.latency_seconds, load_secs=args.load_seconds,
                   pin=not args.no_pin,
                   use_wrk=None if args.client == "auto" else args.client == "wrk",
                   experiments=args.experiment, repeat=args.repeat,
                   scenarios=tuple(args.scenarios.split(",")))
    print(f"\n## {args.db} · {t.name} · {args.workers} worker(s) · {out['entry']} · "
          f"{out['client']}\n")
    print("\n".join(summarise(out)))
    print(f"\nraw figures: {out['results_file']}")


def _all(args: argparse.Namespace) -> None:
    if args.db == "both":  # one dialect per process (Tortoise caches SQL per dialect)
        for db in ("sqlite", "postgres"):
            argv = [{"both": db, "--db=both": f"--db={db}"}.get(a, a) for a in sys.argv[1:]]
            subprocess.run([sys.executable, "-m", "bench", *argv], check=True, cwd=PROJECT)
        return
    t = target(args.db, args.scale, args.data_dir.resolve())
    manifest = load_manifest(t)
    stale = manifest is None or manifest.get("seed") != args.seed or manifest.get(
        "migrations") != migrations_list() or manifest.get("analyze") != args.analyze
    if args.fresh or stale:
        generate(args.db, args.scale, args.seed, _anchor(args), analyze=args.analyze,
                 data_dir=args.data_dir.resolve())
    else:
        print(f"== reusing {t.path or t.url} (generated {manifest['created']}, "  # type: ignore[index]
              f"{manifest['rows_per_s']:,} rows/s); --fresh to regenerate")  # type: ignore[index]
    _http(args)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("generate", help="migrate a fresh database and load the dataset")
    _common(p)
    _gen_args(p)
    p = sub.add_parser("http", help="benchmark the running stack against the bare reference")
    _common(p)
    _http_args(p)
    p = sub.add_parser("all", help="generate (if missing or stale), then http")
    _common(p, ("sqlite", "postgres", "both"))
    _gen_args(p)
    _http_args(p)
    p.add_argument("--fresh", action="store_true", help="regenerate even if a dataset exists")
    args = parser.parse_args(argv if argv is not None else (sys.argv[1:] or ["all"]))
    if args.command == "generate":
        generate(args.db, args.scale, args.seed, _anchor(args), analyze=args.analyze,
                 data_dir=args.data_dir.resolve())
    elif args.command == "http":
        _http(args)
    else:
        _all(args)


if __name__ == "__main__":
    main()
