#!/usr/bin/python3
"""The scikit-learn peer of the fusion benchmark.

Reads the reports of an NDJSON file (not timed), projects them to metres
(equirectangular about their mean latitude: space only, no time, no
per-report uncertainty -- an easier problem than Truceline's rule) and times
DBSCAN(eps, min_samples=1).fit alone. Prints one JSON line.
Usage: sklearn_dbscan.py REPORTS.ndjson EPS_M [POINTS_OUT.csv]
With POINTS_OUT, also writes the projected points (x,y) for the PostGIS peer.
"""
import json
import math
import sys
import time

import numpy
from sklearn.cluster import DBSCAN


def main():
    path, eps = sys.argv[1], float(sys.argv[2])
    lat, lon = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            lat.append(r["lat"])
            lon.append(r["lon"])
    lat = numpy.array(lat)
    lon = numpy.array(lon)
    phi0 = math.radians(float(lat.mean()))
    xy = numpy.column_stack((numpy.radians(lon) * 6371008.8 * math.cos(phi0),
                             numpy.radians(lat) * 6371008.8))
    if len(sys.argv) > 3:
        numpy.savetxt(sys.argv[3], xy, delimiter=",", fmt="%.3f")
    start = time.perf_counter()
    labels = DBSCAN(eps=eps, min_samples=1).fit(xy).labels_
    seconds = time.perf_counter() - start
    print(json.dumps({"bench": "fusion", "system": "sklearn-dbscan", "points": len(lat),
                      "eps_m": eps, "clusters": int(labels.max()) + 1,
                      "fit_s": round(seconds, 3)}))


if __name__ == "__main__":
    main()
