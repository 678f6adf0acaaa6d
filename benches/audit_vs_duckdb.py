#!/usr/bin/env python3
"""Audit at city scale, side by side with DuckDB on the same file.

Generates the city's yearly volume of decided cases (3,841,622 by default; N=… to change) with
`cailiang cases gen`, then runs, each as a separate process on the same file:

  * `cailiang audit cases.csv --out findings.csv --json` (release build), and
  * DuckDB (from PyPI, in a virtual environment under target/) running the same checks in SQL:
    read the CSV, join each case to the expected result of its item and facts, classify it with
    the same finding codes (duplicates, unknown items, exempt/unpenalised, legal range, band),
    write one finding per row to CSV, and count findings by code, unit and item.

DuckDB's version is simplified: expectations come from one table per item and fact pattern
(`cailiang cases expect`, at mid-2022, fallback ranges for fines that are multiples of amounts),
while cailiang re-evaluates each case with the engine on its own dates and amounts.

Prints wall time and peak memory (maximum resident set size) of both, and how far their
finding counts agree. Run: python3 benches/audit_vs_duckdb.py   (from the repository root)
"""
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(os.environ.get("N", "3841622"))
DIR = os.environ.get("BENCH_DIR", os.path.join(ROOT, "target", "bench-audit"))
BIN = os.path.join(ROOT, "target", "release", "cailiang")
VENV = os.path.join(ROOT, "target", "duckdb-venv")

DUCK = r"""
import duckdb, sys, json, time
cases, expect, out = sys.argv[1:4]
con = duckdb.connect()
con.execute("SET threads TO 2")
con.execute(f"CREATE TABLE e AS SELECT * FROM read_csv('{expect}', header=true, all_varchar=false, nullstr='')")
con.execute(f'''
CREATE TABLE f AS
WITH c AS (
  SELECT *, row_number() OVER () + 1 AS line
  FROM read_csv('{cases}', header=true, nullstr='',
       columns={{'case_no':'VARCHAR','unit':'VARCHAR','item':'VARCHAR','facts':'VARCHAR','amount_yuan':'DOUBLE',
                'gain_yuan':'DOUBLE','occurred':'DATE','decided':'DATE','penalty':'VARCHAR','fine_yuan':'DOUBLE','planted':'VARCHAR'}})
), d AS (
  SELECT *, row_number() OVER (PARTITION BY case_no ORDER BY line) AS occurrence FROM c
)
SELECT d.line, d.case_no, d.unit, d.item,
  CASE
    WHEN d.occurrence > 1 THEN 'bad_row'
    WHEN e.item IS NULL THEN 'unknown_item'
    WHEN e.tier = 'exempt' AND d.penalty = '不予处罚' THEN 'consistent'
    WHEN e.tier = 'exempt' THEN 'fined_when_exempt'
    WHEN d.penalty = '不予处罚' THEN 'unpenalised_when_due'
    WHEN d.penalty <> '罚款' THEN CASE WHEN e.band_max IS NULL OR e.warning_ok THEN 'consistent' ELSE 'below_band' END
    WHEN e.legal_max IS NOT NULL AND d.fine_yuan > e.legal_max + 0.01 THEN 'above_legal_max'
    WHEN e.legal_min IS NOT NULL AND d.fine_yuan < e.legal_min - 0.01 AND e.tier <> 'mitigated' THEN 'below_legal_min'
    WHEN e.band_max IS NOT NULL AND d.fine_yuan > e.band_max + 0.01 THEN 'above_band'
    WHEN e.band_min IS NOT NULL AND d.fine_yuan < e.band_min - 0.01 THEN 'below_band'
    ELSE 'consistent'
  END AS finding,
  e.tier AS expected_tier, e.band_min, e.band_max, e.legal_min, e.legal_max, d.penalty, d.fine_yuan
FROM d LEFT JOIN e ON d.item = e.item AND coalesce(d.facts, '') = coalesce(e.facts, '')
''')
con.execute(f"COPY (SELECT * FROM f ORDER BY line) TO '{out}' (HEADER, DELIMITER ',')")
by_code = dict(con.execute("SELECT finding, count(*) FROM f GROUP BY finding").fetchall())
units = con.execute("SELECT unit, count(*), count(*) FILTER (WHERE finding <> 'consistent') FROM f GROUP BY unit").fetchall()
items = con.execute("SELECT item, count(*), count(*) FILTER (WHERE finding <> 'consistent') FROM f GROUP BY item").fetchall()
print(json.dumps({"findings": by_code, "units": len(units), "items": len(items)}))
"""


def run(cmd, env=None):
    """Runs one process; returns its stdout, wall time, peak RSS (KiB) and CPU time, read with
    wait4 so that each figure is that process's own."""
    import tempfile
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if p.returncode != 0:
            sys.exit(f"{cmd[0]} failed: {err.read().decode()}")
        return out.read().decode(), wall, ru.ru_maxrss, ru.ru_utime + ru.ru_stime


def main():
    os.makedirs(DIR, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--locked", "-p", "cailiang"], cwd=ROOT, check=True)
    cases = os.path.join(DIR, f"cases-{N}.csv")
    if not os.path.exists(cases):
        subprocess.run([BIN, "cases", "gen", "--n", str(N), "--seed", "2022", "--out", cases], check=True)
    expect = os.path.join(DIR, "expect.csv")
    subprocess.run([BIN, "cases", "expect", "--out", expect], check=True)
    if not os.path.exists(os.path.join(VENV, "bin", "python")):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "-q", "duckdb"], check=True)
    size = os.path.getsize(cases)
    print(f"input: {cases}  {N:,} cases, {size / 1e6:.0f} MB")
    # Warm the page cache for both.
    with open(cases, "rb") as f:
        while f.read(1 << 24):
            pass

    env = dict(os.environ, CAILIANG_CACHE_DIR=os.path.join(DIR, "cache"))
    subprocess.run([BIN, "rules", "stats"], env=env, capture_output=True)  # build the library cache
    out_c = os.path.join(DIR, "findings-cailiang.csv")
    out_d = os.path.join(DIR, "findings-duckdb.csv")
    duck_py = os.path.join(DIR, "duck.py")
    with open(duck_py, "w") as f:
        f.write(DUCK)

    rows = []
    for name, cmd, e in [
        ("cailiang audit", [BIN, "audit", cases, "--out", out_c, "--json"], env),
        ("DuckDB (same checks, simplified)", [os.path.join(VENV, "bin", "python"), duck_py, cases, expect, out_d], None),
    ]:
        out, wall, rss, cpu = run(cmd, e)
        rows.append((name, wall, rss, cpu, json.loads(out)))
    ours, duck = rows[0][4], rows[1][4]
    print(f"{'':<36}{'wall':>9}{'cpu':>9}{'peak RSS':>12}")
    for name, wall, rss, cpu, _ in rows:
        print(f"{name:<36}{wall:>8.2f}s{cpu:>8.2f}s{rss / 1024:>9.0f} MB")
    print(f"ratio cailiang / DuckDB: {rows[0][1] / rows[1][1]:.2f}  (target ≤ 0.50)")
    codes = sorted(set(ours["findings"]) | set(duck["findings"]))
    print(f"{'finding':<24}{'cailiang':>10}{'DuckDB':>10}")
    for c in codes:
        print(f"{c:<24}{ours['findings'].get(c, 0):>10}{duck['findings'].get(c, 0):>10}")


if __name__ == "__main__":
    main()
