"""`make bench`: run every bench in bench/, each in its own process, and print a table of their
RESULT lines (name, figure, ratio, goal, PASS/FAIL). Keeps going through failures; exits 1 if any
bench failed or did not print a RESULT line."""

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULT = re.compile(r"^RESULT (\S+) (\S+) ratio=(\S+) goal=(\S+) (PASS|FAIL)$")
NOT_BENCHES = {"_harness.py", "credits_common.py", "bench_settings.py", "bench_urls.py", "run_all.py"}


def run(script: Path) -> tuple[str, str, str, str, str]:
    print(f"== {script.name}", flush=True)
    process = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, capture_output=True, text=True)
    print(process.stdout, end="")
    if process.returncode:
        print(process.stderr[-2000:], end="")
    lines = [RESULT.match(line) for line in process.stdout.splitlines()]
    found = [m for m in lines if m]
    if not found:
        return script.stem, "-", "-", "-", f"FAIL (exit {process.returncode}, no RESULT line)"
    return found[-1].groups()


def main() -> None:
    scripts = sorted(p for p in HERE.glob("*.py") if p.name not in NOT_BENCHES)
    rows = [run(script) for script in scripts]
    header = ("bench", "figure", "ratio", "goal", "result")
    widths = [max(len(r[i]) for r in [*rows, header]) for i in range(5)]
    print()
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    sys.exit(0 if all(r[4] == "PASS" for r in rows) else 1)


if __name__ == "__main__":
    main()
