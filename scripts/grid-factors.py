#!/usr/bin/env python3
"""Derives the national grid factors of src/core/ghg/factors.json from a public dataset.

Reads one of:
  * Our World in Data's owid-energy-data.csv (columns country, year, iso_code,
    carbon_intensity_elec in gCO2e/kWh; sources Ember and the Energy Institute), or
  * Ember's yearly country overview as JSON: a list of rows, or an object of rows, each with
    country_code (ISO alpha-3), country_or_region, year, emissions_intensity_gco2_per_kwh
    (the shape of Ember's `country_overview_yearly` API and of its transcriptions).

For every country it keeps the latest year that has a value (a value of 0 counts as none), converts g to kg per kWh and maps
ISO alpha-3 to alpha-2 with Debian's iso-codes table. "World" becomes the fallback factor.

  python3 scripts/grid-factors.py DATA [--factors src/core/ghg/factors.json]
      [--source-name TEXT] [--licence TEXT] [--iso PATH] [--write] [--changes]

Without --write it prints the grid entries as JSON. With --write it replaces the "grid" and
"world_average" blocks of the factor file in place (the rest of the file is kept byte for byte).
--changes prints, for countries that had a factor, old and new values and the change in %.
"""

import argparse
import csv
import json
import re
import sys

ISO_DEFAULT = "/usr/share/iso-codes/json/iso_3166-1.json"
# Codes some datasets use that ISO 3166-1 does not list.
EXTRA_ALPHA3 = {"XKX": "XK"}  # Kosovo (user-assigned code, used by the EU and the World Bank)


def alpha3_to_alpha2(path):
    with open(path, encoding="utf-8") as f:
        table = json.load(f)["3166-1"]
    mapping = {c["alpha_3"]: c["alpha_2"] for c in table}
    mapping.update(EXTRA_ALPHA3)
    return mapping


def latest(rows):
    """rows: (alpha3 or 'WORLD', year, g per kWh). Latest year with a value per code."""
    best = {}
    for code, year, value in rows:
        # No grid has zero life-cycle emissions: a 0 is a gap in the data, not a factor.
        if value is None or value <= 0:
            continue
        if code not in best or year > best[code][0]:
            best[code] = (year, value)
    return best


def number(text):
    text = (text or "").strip()
    return float(text) if text else None


def read_owid_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            value = number(row.get("carbon_intensity_elec"))
            year = int(row["year"])
            if row["country"] == "World":
                yield "WORLD", year, value
            iso = (row.get("iso_code") or "").strip()
            if len(iso) == 3 and not iso.startswith("OWID"):
                yield iso, year, value


def read_ember_json(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    rows = data.values() if isinstance(data, dict) else data
    for row in rows:
        raw = row.get("emissions_intensity_gco2_per_kwh")
        value = None if raw in (None, "") else float(raw)
        year = int(row["year"])
        if row.get("country_or_region") == "World":
            yield "WORLD", year, value
        code = (row.get("country_code") or "").strip()
        if len(code) == 3:
            yield code, year, value


def entry(value_g, year, source, licence):
    return {
        "kgco2e_per_kwh": round(value_g / 1000.0, 5),
        "year": year,
        "source": source,
        "licence": licence,
        "status": "cited",
    }


def one_line(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def replace_block(text, key, new_body, indent="  "):
    """Replaces the value of the top-level `key` (an object) in the factor file's text."""
    start = text.index(f'{indent}"{key}": {{')
    depth, i = 0, text.index("{", start)
    while True:
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    return text[:start] + f'{indent}"{key}": ' + new_body + text[i + 1 :]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", help="owid-energy-data.csv or an Ember country_overview_yearly JSON")
    ap.add_argument("--factors", default="src/core/ghg/factors.json")
    ap.add_argument("--source-name", default=None, help="source text stored with each factor")
    ap.add_argument("--licence", default="CC BY 4.0")
    ap.add_argument("--iso", default=ISO_DEFAULT, help="iso-codes iso_3166-1.json")
    ap.add_argument("--write", action="store_true", help="update the factor file in place")
    ap.add_argument("--changes", action="store_true", help="print old → new for known countries")
    args = ap.parse_args()

    is_csv = args.data.endswith(".csv")
    rows = read_owid_csv(args.data) if is_csv else read_ember_json(args.data)
    source = args.source_name or (
        "Our World in Data energy dataset (Ember; Energy Institute)"
        if is_csv
        else "Ember, Yearly Electricity Data"
    )
    best = latest(rows)
    to2 = alpha3_to_alpha2(args.iso)
    grid, unmapped = {}, []
    for code, (year, value) in sorted(best.items()):
        if code == "WORLD":
            continue
        if code not in to2:
            unmapped.append(code)
            continue
        grid[to2[code]] = entry(value, year, source, args.licence)
    grid = dict(sorted(grid.items()))
    if "WORLD" not in best:
        sys.exit("no World row in the data: no fallback factor")
    world = entry(best["WORLD"][1], best["WORLD"][0], source, args.licence)
    world["status"] = "fallback"
    if unmapped:
        print(f"not mapped to ISO alpha-2 (left out): {', '.join(unmapped)}", file=sys.stderr)

    with open(args.factors, encoding="utf-8") as f:
        text = f.read()
    old = json.loads(text)
    if args.changes:
        print("| ISO | old | new | year | change |")
        print("|---|---|---|---|---|")
        changes = []
        for iso, g in old["grid"].items():
            new = grid.get(iso)
            if new is None:
                changes.append((float("inf"), f"| {iso} | {g['kgco2e_per_kwh']} | (none) | | |"))
                continue
            pct = (new["kgco2e_per_kwh"] / g["kgco2e_per_kwh"] - 1.0) * 100.0
            changes.append(
                (abs(pct), f"| {iso} | {g['kgco2e_per_kwh']} | {new['kgco2e_per_kwh']} | {new['year']} | {pct:+.1f} % |")
            )
        for _, line in sorted(changes, reverse=True):
            print(line)
        w = old["world_average"]["kgco2e_per_kwh"]
        print(f"| world | {w} | {world['kgco2e_per_kwh']} | {world['year']} | {(world['kgco2e_per_kwh'] / w - 1) * 100:+.1f} % |")
    if not args.write:
        if not args.changes:
            print(json.dumps({"grid": grid, "world_average": world}, indent=2, ensure_ascii=False))
        return
    body = "{\n" + ",\n".join(f'    "{iso}": {one_line(e)}' for iso, e in grid.items()) + "\n  }"
    text = replace_block(text, "grid", body)
    text = replace_block(text, "world_average", "{\n    " + one_line(world)[1:-1] + "\n  }")
    json.loads(text)  # still valid JSON
    with open(args.factors, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{len(grid)} national factors and the world average written to {args.factors}", file=sys.stderr)


if __name__ == "__main__":
    main()
