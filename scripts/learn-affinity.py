#!/usr/bin/env python3
"""Learns the weights of Paperboy's "for you" blend (Affinity.Settings.DEFAULT) from authors-as-users cases.

    ./paperboy bench recommend --cutoff 2025-10-01 --until 2026-01-01 --members 800 --seed 7 --similar 0 --dump-features /tmp/train.bin
    ./paperboy bench recommend --cutoff 2025-10-01 --until 2026-01-01 --members 150 --seed 14 --similar 0 --dump-features /tmp/dev.bin
    scripts/learn-affinity.py /tmp/train.bin /tmp/dev.bin [more evaluation dumps]

Fits a conditional logit (softmax over each case's candidates, the author's own papers the positives; L2 1e-4 on
standardised features) on the first dump, leaving out members also in the second, and prints the weights scaled so
the nearest papers' part weighs 1 (what Affinity.Settings.DEFAULT holds), then HR@10 and MRR of the learned blend and
of the previous one ("prod" column: Affinity.Settings.PREVIOUS) on every other dump. Dumps made with `--vectors DIR`
have four more columns (e5max, e5top5, e5centroid, e5generic; see RecommendFeatures), which this script ignores.
Needs numpy and scipy (Debian: apt-get install python3-numpy python3-scipy).
"""
import sys
import numpy as np
from scipy.optimize import minimize

# The nearest papers' part keeps its hand-set shape (closest + 2 x mean of the 5 closest): learning its two weights
# as well scored the same on the test split but leant to a member's main interest. The other weights are learned.
FEATURES = ['nearest', 'catprod', 'personalnorm', 'coverage']
SETTINGS = ['nearest papers (maxWeight 1, meanWeight 2)', 'categoryWeight', 'personalWeight', 'coverageWeight']


def columns(d):
    n, X = d['names'], d['X']
    cols = [X[:, n.index('max')] + 2 * X[:, n.index('top5')]]
    return np.stack(cols + [X[:, n.index(f)] for f in FEATURES[1:]], axis=1)


def load(path):
    names = open(path + '.names').read().strip().split(',')
    raw = np.fromfile(path, dtype='>u4').reshape(-1, 3 + len(names))
    keys = dict(line.rstrip('\n').split('\t') for line in open(path + '.members'))
    return dict(names=names, case=raw[:, 0].astype(np.int64), label=raw[:, 1].view('>f4').astype(float),
                member=raw[:, 2].astype(np.int64), X=raw[:, 3:].copy().view('>f4').astype(float),
                keys={int(k): v for k, v in keys.items()})


def bounds(case):
    change = np.flatnonzero(np.diff(case)) + 1
    return np.concatenate([[0], change]), np.concatenate([change, [len(case)]])


def evaluate(score, case, label):
    """HR@10 and MRR as the bench counts them: the best rank of the author's papers, ties counting half."""
    hits = rr = 0
    starts, ends = bounds(case)
    for s, e in zip(starts, ends):
        sc, pos = score[s:e], label[s:e] > 0.5
        neg = sc[~pos]
        best = min(1 + np.sum(neg > p) + 0.5 * np.sum(neg == p) for p in sc[pos])
        hits += best <= 10
        rr += 1 / np.ceil(best)
    return hits / len(starts), rr / len(starts)


def fit(X, case, label, l2=1e-4):
    starts, ends = bounds(case)
    seg = np.repeat(np.arange(len(starts)), ends - starts)
    pos = label > 0.5

    def loss(w):
        s = X @ w
        ex = np.exp(s - np.maximum.reduceat(s, starts)[seg])
        p = ex / np.add.reduceat(ex, starts)[seg]
        ppos = np.add.reduceat(np.where(pos, p, 0), starts)
        q = np.where(pos, p / ppos[seg], 0)
        return -np.mean(np.log(ppos + 1e-300)) + l2 * w @ w, X.T @ (p - q) / len(starts) + 2 * l2 * w

    return minimize(loss, np.zeros(X.shape[1]), jac=True, method='L-BFGS-B', options=dict(maxiter=500)).x


def main():
    train, evals = load(sys.argv[1]), [load(p) for p in sys.argv[2:]]
    held = set(evals[0]['keys'].values()) if evals else set()
    keep = np.isin(train['member'], [m for m, k in train['keys'].items() if k not in held])
    X = columns(train)[keep]
    mu, sd = X.mean(0), X.std(0) + 1e-12
    w = fit((X - mu) / sd, train['case'][keep], train['label'][keep]) / sd
    w /= w[0]
    print(f"{keep.sum():,} rows, {len(np.unique(train['case'][keep])):,} cases of "
          f"{len(np.unique(train['member'][keep]))} members")
    print('weights (nearest papers = 1):', ', '.join(f'{s} {x:.3f}' for s, x in zip(SETTINGS, w)))
    rounded = np.round(w, 2)
    for path, d in zip(sys.argv[2:], evals):
        Xe = columns(d)
        prev = evaluate(d['X'][:, d['names'].index('prod')], d['case'], d['label'])
        new = evaluate(Xe @ rounded, d['case'], d['label'])
        print(f"{path}: {len(np.unique(d['case']))} cases; previous HR@10 {prev[0]:.3f} MRR {prev[1]:.3f}; "
              f"learned (rounded) HR@10 {new[0]:.3f} MRR {new[1]:.3f}")


if __name__ == '__main__':
    main()
