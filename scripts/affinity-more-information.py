#!/usr/bin/env python3
"""How much information beyond Affinity's features is there for "for you"? Measures candidate signals that the
feature dumps do not hold, each added to the learned blend, and a gradient-boosted model over everything.

    ./paperboy bench recommend --cutoff 2025-10-01 --until 2026-01-01 --members 800 --seed 7 --similar 0 \
        --methods paperboy --vectors DIR --dump-features /tmp/train.bin
    ./paperboy bench recommend --cutoff 2025-10-01 --until 2026-01-01 --members 150 --seed 14 --similar 0 \
        --methods paperboy --vectors DIR --dump-features /tmp/dev.bin
    ./paperboy bench recommend --members 160 --similar 0 --methods paperboy --vectors DIR --dump-features /tmp/test.bin
    scripts/affinity-more-information.py ../shared/data/arxiv-cs/arxiv-metadata-2025-2026.jsonl.gz /tmp/train.bin /tmp/dev.bin /tmp/test.bin

DIR is a data directory whose papers all have e5 vectors (`paperboy embed`); the dumps' `.ids` files name each
row's paper, which is how the signals below are joined to them. The signals (author names are never used: they only
decide who the members are, as in the bench):
  style      cosine of the candidate's profile of the 300 commonest words (stop words included, relative frequencies
             z-scored over the catalogue) to the member's mean profile: how the abstract is written, not what about
  titlemax   the closest TF-IDF cosine between the candidate's title and a title of the member's
  titletop3  the mean of the three closest
  commax     the closest TF-IDF cosine between arXiv comments ("Accepted at ...", page counts)
  coinidf    coined names shared with the member's papers (a capital or a digit inside a word; a trailing version
             dropped, so DreamOmni3 meets DreamOmni2), each weighing ln(N / df), names in at most 50 papers
  ncoin      how many such names
  lendiff    minus the distance in log length between the abstract and the member's usual length
Needs numpy, scipy and scikit-learn (Debian: python3-numpy python3-scipy python3-sklearn).
"""
import collections
import datetime
import email.utils
import gzip
import importlib.util
import json
import math
import os
import re
import sys
import unicodedata

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

spec = importlib.util.spec_from_file_location('learn', os.path.join(os.path.dirname(__file__), 'learn-affinity.py'))
learn = importlib.util.module_from_spec(spec)
spec.loader.exec_module(learn)

SIGNALS = ['style', 'titlemax', 'titletop3', 'commax', 'coinidf', 'ncoin', 'lendiff']
BLEND = ['nearest', 'catprod', 'personalnorm', 'coverage']
DENSE = ['e5max', 'e5top5', 'e5centroid', 'e5generic']
COINED = re.compile(r'\b[A-Za-z][A-Za-z0-9]*(?:[A-Z][A-Za-z0-9]*|[0-9][A-Za-z0-9]*)\b')
VERSION = re.compile(r'(?:[-_]?v?\d+(?:\.\d+)*[a-z]?|\+\+)$')


def fold(s):
    if not s.isascii():
        s = ''.join(c for c in unicodedata.normalize('NFD', s) if not unicodedata.combining(c))
    return s.lower()


def author_key(last, first):
    """As AuthorsAsUsers.authorKey: last name and first initial, accents and case folded."""
    last = re.sub(r"[^a-z' -]", '', fold(last)).strip()
    first = re.sub(r'[^a-z]', '', fold(first))
    return '' if not last else last if not first else last + ' ' + first[0]


def read(snapshot):
    papers = []
    for line in gzip.open(snapshot, 'rt'):
        r = json.loads(line)
        v = r.get('versions') or []
        day = (email.utils.parsedate_to_datetime(v[0]['created']).date() if v
               else datetime.date.fromisoformat(r['update_date']))
        parsed = r.get('authors_parsed')
        # The bench reads authors_parsed only when it is a list (a few records hold it as a string).
        keys = {author_key(a[0], a[1] if len(a) > 1 else '') for a in parsed} if isinstance(parsed, list) else set()
        papers.append(dict(id=r['id'], title=r.get('title') or '', abstract=r.get('abstract') or '',
                           comments=r.get('comments') or '', day=day, keys=keys - {''}))
    return papers


class Signals:
    def __init__(self, papers):
        self.papers = papers
        self.index = {p['id']: i for i, p in enumerate(papers)}
        abstracts = [p['abstract'] for p in papers]
        counts = CountVectorizer(token_pattern=r'(?u)\b[a-z]+\b', max_features=300).fit_transform(abstracts)
        share = counts.multiply(1 / (np.asarray(counts.sum(1)).ravel()[:, None] + 1e-9)).toarray()
        z = (share - share.mean(0)) / (share.std(0) + 1e-12)
        self.style = z / (np.linalg.norm(z, axis=1, keepdims=True) + 1e-12)
        self.titles = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform([p['title'] for p in papers]).tocsr()
        self.comments = TfidfVectorizer(sublinear_tf=True, min_df=2, token_pattern=r'(?u)\b[a-zA-Z][a-zA-Z0-9]+\b') \
            .fit_transform([p['comments'] for p in papers]).tocsr()
        self.coined = []
        self.coined_df = collections.Counter()
        for p in papers:
            names = {VERSION.sub('', x).lower() for x in COINED.findall(p['title'] + ' ' + p['abstract'])}
            names = {x for x in names if len(x) >= 3}
            self.coined.append(names)
            self.coined_df.update(names)
        self.log_length = np.log1p([len(p['abstract'].split()) for p in papers])
        self.by_key = collections.defaultdict(list)
        for i, p in enumerate(papers):
            for k in p['keys']:
                self.by_key[k].append(i)

    def add(self, dump, cutoff):
        rows = np.array([self.index[x.strip()] for x in open(dump['path'] + '.ids')])
        out = np.zeros((len(rows), len(SIGNALS)))
        n = len(self.papers)
        for member, key in dump['keys'].items():
            sel = np.flatnonzero(dump['member'] == member)
            lib = [i for i in self.by_key[key] if self.papers[i]['day'] < cutoff]
            cand = rows[sel]
            centre = self.style[lib].mean(0)
            out[sel, 0] = self.style[cand] @ (centre / (np.linalg.norm(centre) + 1e-12))
            titles = (self.titles[cand] @ self.titles[lib].T).toarray()
            out[sel, 1] = titles.max(1)
            out[sel, 2] = np.sort(titles, 1)[:, -3:].mean(1)
            out[sel, 3] = (self.comments[cand] @ self.comments[lib].T).toarray().max(1)
            mine = set().union(*(self.coined[i] for i in lib))
            for row, c in zip(sel, cand):
                shared = [s for s in self.coined[c] & mine if self.coined_df[s] <= 50]
                out[row, 4] = sum(math.log(n / self.coined_df[s]) for s in shared)
                out[row, 5] = len(shared)
            out[sel, 6] = -np.abs(self.log_length[cand] - self.log_length[lib].mean())
        dump['signals'] = out


def column(d, f):
    if f == 'nearest':
        return d['X'][:, d['names'].index('max')] + 2 * d['X'][:, d['names'].index('top5')]
    if f in SIGNALS:
        return d['signals'][:, SIGNALS.index(f)]
    return d['X'][:, d['names'].index(f)]


def main():
    if len(sys.argv) != 5:
        sys.exit('usage: affinity-more-information.py SNAPSHOT TRAIN.bin DEV.bin TEST.bin (see the top of this file)')
    snapshot, paths = sys.argv[1], sys.argv[2:]
    dumps = []
    for path in paths:
        d = learn.load(path)
        d['path'] = path
        if not all(f in d['names'] for f in DENSE):
            sys.exit(f'{path}: no e5 columns; dump it with --vectors DIR')
        dumps.append(d)
    signals = Signals(read(snapshot))
    # The test dump's cut-off is the bench's default; train and dev cut off three months earlier.
    for d, cutoff in zip(dumps, (datetime.date(2025, 10, 1), datetime.date(2025, 10, 1), datetime.date(2026, 1, 1))):
        signals.add(d, cutoff)
    train, dev, test = dumps
    held = set(dev['keys'].values())
    keep = np.isin(train['member'], [m for m, k in train['keys'].items() if k not in held])

    def blend(features):
        x = np.stack([column(train, f) for f in features], 1)[keep]
        sd = x.std(0) + 1e-12
        w = learn.fit((x - x.mean(0)) / sd, train['case'][keep], train['label'][keep]) / sd
        res = [learn.evaluate(np.stack([column(d, f) for f in features], 1) @ w, d['case'], d['label'])
               for d in (dev, test)]
        print(f"dev HR@10 {res[0][0]:.3f} MRR {res[0][1]:.3f} | test HR@10 {res[1][0]:.3f} MRR {res[1][1]:.3f}"
              f" | {' + '.join(features)}", flush=True)

    for f in SIGNALS + DENSE[:3]:
        hr, mrr = learn.evaluate(column(test, f), test['case'], test['label'])
        print(f"alone, test: {f} HR@10 {hr:.3f} MRR {mrr:.3f}")
    blend(BLEND)
    blend(BLEND + DENSE)
    for f in SIGNALS:
        blend(BLEND + DENSE + [f])
    blend(BLEND + DENSE + SIGNALS)
    everything = [i for i, n in enumerate(train['names']) if n != 'prod']
    model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, class_weight='balanced', random_state=0)
    model.fit(np.hstack([train['X'][:, everything], train['signals']])[keep], train['label'][keep] > 0.5)
    for name, d in (('dev', dev), ('test', test)):
        hr, mrr = learn.evaluate(model.decision_function(np.hstack([d['X'][:, everything], d['signals']])),
                                 d['case'], d['label'])
        print(f"gradient-boosted trees over every column and signal, {name}: HR@10 {hr:.3f} MRR {mrr:.3f}")


if __name__ == '__main__':
    main()
