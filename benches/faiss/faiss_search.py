"""faiss on cbrd bench's vectors: IndexFlatIP (exact float32 inner product) and its int8
scalar quantiser (IndexScalarQuantizer QT_8bit), one query, p50 of repeated searches on one
thread and on every thread. Prints JSON.

Usage: faiss_search.py FILE N DIM   (FILE: the query then N rows, DIM little-endian float32 each)
"""

import json
import sys
import time

import faiss
import numpy as np


def p50_ms(index, q, reps):
    index.search(q, 1)  # warm
    t = []
    for _ in range(reps):
        s = time.perf_counter()
        index.search(q, 1)
        t.append((time.perf_counter() - s) * 1e3)
    return float(np.median(t))


def main():
    path, n, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    data = np.fromfile(path, dtype="<f4")
    if data.size != (n + 1) * dim:
        sys.exit(f"{path}: {data.size} floats, expected {(n + 1) * dim}")
    data = data.reshape(n + 1, dim)
    q, x = np.ascontiguousarray(data[:1]), np.ascontiguousarray(data[1:])
    reps = max(5, min(200, 2_000_000_000 // (n * dim * 4)))
    out = {"faiss": faiss.__version__, "threads": faiss.omp_get_max_threads()}
    flat = faiss.IndexFlatIP(dim)
    flat.add(x)
    sq = faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
    sq.train(x)
    sq.add(x)
    all_threads = faiss.omp_get_max_threads()
    for name, index in [("IndexFlatIP", flat), ("IndexScalarQuantizer QT_8bit", sq)]:
        faiss.omp_set_num_threads(1)
        one = p50_ms(index, q, reps)
        faiss.omp_set_num_threads(all_threads)
        many = p50_ms(index, q, reps)
        top = int(index.search(q, 1)[1][0][0])
        out[name] = {"p50_ms_1_thread": one, "p50_ms_all_threads": many, "top": top}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
