"""Search latency of two commits side by side in one run: is a change slower, and by how much?

    python bench/compare_latency.py --base <commit> [--records 100000] [--runs 40] [--rounds 2]
        [--engines database]

Checks the base commit out in a temporary git worktree, then runs bench/search_latency.py of
the base and of this working tree in turn (base, new, base, new, ...) with the same arguments
and the same Python, so that both see the same machine at nearly the same moment. Prints each
run's table, then per query the best p50 and p95 of each side and new/base as a ratio.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\s{2}(\S.*?)\s{2,}([\d.]+)\s+([\d.]+)\s*$")


def run(tree, args):
    command = [
        sys.executable,
        "bench/search_latency.py",
        "--records",
        str(args.records),
        "--runs",
        str(args.runs),
        "--engines",
        args.engines,
    ]
    output = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        command, cwd=tree, capture_output=True, text=True, check=True
    ).stdout
    rows = {}
    engine = ""
    for line in output.splitlines():
        if line and not line.startswith(" ") and ":" in line and "records" in line:
            engine = line.split(":")[0]
        match = ROW.match(line)
        if match and match.group(1) != "query":
            rows[(engine, match.group(1).strip())] = (float(match.group(2)), float(match.group(3)))
    return output, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare against")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--engines", default="database")
    args = parser.parse_args()
    base_label = subprocess.run(  # noqa: S603
        ["git", "rev-parse", "--short", args.base],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    results = {"base": [], "new": []}
    with tempfile.TemporaryDirectory(prefix="bench-base-") as folder:
        tree = Path(folder) / "base"
        subprocess.run(  # noqa: S603
            ["git", "worktree", "add", "--detach", str(tree), args.base],  # noqa: S607
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            for round_number in range(1, args.rounds + 1):
                for side, where in (("base", tree), ("new", ROOT)):
                    output, rows = run(where, args)
                    results[side].append(rows)
                    label = base_label if side == "base" else "working tree"
                    print(f"--- round {round_number}, {side} ({label})\n{output}", flush=True)
        finally:
            subprocess.run(  # noqa: S603
                ["git", "worktree", "remove", "--force", str(tree)],  # noqa: S607
                cwd=ROOT,
                check=False,
                capture_output=True,
            )
    print(f"Best of {args.rounds} rounds, {args.records} records, ms (new / base)")
    print(f"  {'engine and query':58} {'p50 base':>9} {'p50 new':>8} {'p95 base':>9} "
          f"{'p95 new':>8} {'p95 new/base':>12}")  # fmt: skip
    for key in results["base"][0]:
        base = [rows[key] for rows in results["base"] if key in rows]
        new = [rows[key] for rows in results["new"] if key in rows]
        if not new:
            continue
        b50, b95 = min(r[0] for r in base), min(r[1] for r in base)
        n50, n95 = min(r[0] for r in new), min(r[1] for r in new)
        ratio = n95 / b95 if b95 else float("nan")
        print(
            f"  {key[0] + ': ' + key[1]:58} {b50:9.1f} {n50:8.1f} {b95:9.1f} {n95:8.1f} "
            f"{ratio:12.2f}"
        )


if __name__ == "__main__":
    main()
