#!/usr/bin/python3
"""Checks that two labellings of the same reports are the same partition.

    same_partition.py FUSED.ndjson STORE.db

FUSED.ndjson is `truceline fuse` output (each report with "incident_id");
STORE.db is a store that ingested the same reports with fusion. Prints one
JSON line; exit status 1 when the partitions differ (names the first report
whose incident disagrees).
"""
import json
import sqlite3
import sys


def main() -> int:
    fused_path, db_path = sys.argv[1], sys.argv[2]
    fused = {}
    with open(fused_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            fused[(r["source"], r["id"])] = r["incident_id"]
    db = sqlite3.connect(db_path)
    stored = {
        (source, rid): incident
        for source, rid, incident in db.execute(
            "SELECT source, id, incident_id FROM reports "
            "JOIN incident_members ON report_seq = seq"
        )
    }
    # Re-ingested duplicates appear once in the store; fuse writes each line.
    keys = sorted(stored)
    missing = [k for k in fused if k not in stored]
    a_to_b, b_to_a = {}, {}
    for key in keys:
        a, b = fused.get(key), stored[key]
        if a is None or a_to_b.setdefault(a, b) != b or b_to_a.setdefault(b, a) != a:
            print(json.dumps({"bench": "same-partition", "same": False, "first_difference": key}))
            return 1
    print(json.dumps({"bench": "same-partition", "same": not missing, "reports": len(keys),
                      "incidents": len(b_to_a), "unfused": len(missing)}))
    return 0 if not missing else 1


if __name__ == "__main__":
    sys.exit(main())
