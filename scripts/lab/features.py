#!/usr/bin/env python3
"""Feature ideas beyond word unigrams, measured with the lab reproduction (clusterlab.py); see README.md.

Usage: DUMP=/tmp/b77tok.tsv python3 scripts/lab/features.py VARIANT [JOIN ...]
  VARIANT: base | bigram:W[:MODE] | char:N:W | lsa:D:A[:K] | ri:D:A[:K] | refit:D:A:EVERY[:WINDOW[:WARM]]
           | refitv:D:A:EVERY[:WINDOW[:WARM]] | refitc:... (see `variant` below; MERGE_RATIO, WARM_JOIN in the environment)
  JOIN:    join thresholds to sweep (default 0.30); each is run on SEEDS (env, default "1").
Every line prints NMI / ARI / clusters / clusters holding 90%, so each variant traces its own frontier
(NMI against fragmentation) to set beside the baseline's.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clusterlab import Clusterer, Featurizer, load, report, top  # noqa: E402

import numpy as np  # noqa: E402


# --- 1. word bigrams ---------------------------------------------------------------------------------------

class BigramFeaturizer(Featurizer):
    """Adds pairs of adjacent content words (the dump keeps the normaliser's order; stopwords are already gone).

    mode "adj": ordered pairs of neighbours; "set": unordered pairs (card+lost = lost+card);
    "win3": unordered pairs within a window of 3 content words.
    """

    def __init__(self, weight=0.5, mode="set", **kw):
        super().__init__(**kw)
        self.weight = weight
        self.mode = mode

    def extra(self, toks):
        words = [t for k, t in toks if k == "w"]
        span = 3 if self.mode == "win3" else 1
        out = []
        for i, a in enumerate(words):
            for b in words[i + 1: i + 1 + span]:
                if a == b:
                    continue
                x, y = (b, a) if self.mode != "adj" and b < a else (a, b)
                out.append(("^" + x + "_" + y, self.weight))
        return out


# --- 3. character n-grams -----------------------------------------------------------------------------------

class CharFeaturizer(Featurizer):
    """Adds the character n-grams of each word stem, with boundary marks, each at weight/sqrt(count) so a long
    word does not outweigh its own unigram."""

    def __init__(self, n=4, weight=0.5, **kw):
        super().__init__(**kw)
        self.n = n
        self.weight = weight

    def extra(self, toks):
        out = []
        for k, t in toks:
            if k != "w":
                continue
            s = "<" + t + ">"
            grams = [s[i: i + self.n] for i in range(len(s) - self.n + 1)]
            if len(grams) < 2:
                continue
            f = self.weight / np.sqrt(len(grams))
            out.extend(("#" + g, f) for g in grams)
        return out


# --- 2. dense vectors: LSA in hindsight (upper bound) and online random indexing ------------------------------

class V(dict):
    """A sparse report vector carrying a unit dense vector `d` beside it."""
    __slots__ = ("d",)


def term_of(kind, term):
    return kind + term if kind != "w" else term


def lsa_vectors(rows, dim, seed=0):
    """Hindsight upper bound: truncated SVD of the sublinear TF-IDF matrix of ALL reports."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [[term_of(k, t) for k, t in toks] for _, toks in rows]
    X = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, min_df=2).fit_transform(docs)
    Z = TruncatedSVD(dim, random_state=seed).fit_transform(X)
    n = np.linalg.norm(Z, axis=1, keepdims=True)
    return Z / np.maximum(n, 1e-12)


class LSAFeaturizer(Featurizer):
    def __init__(self, dense, **kw):
        super().__init__(**kw)
        self.dense = dense

    def attach(self, i, v):
        u = V(v)
        u.d = self.dense[i]
        return u


class RIFeaturizer(Featurizer):
    """Online random indexing. Each term gets a seeded sparse ternary index vector (s nonzeros of +-1 in D dims,
    from a hash of the term); its context vector sums, over the reports seen so far, the idf-weighted index
    vectors of the other terms of the same report. A report's dense vector is the idf-weighted sum of its terms'
    context vectors (each normalised), computed BEFORE this report updates them."""

    def __init__(self, dim=512, nnz=8, **kw):
        super().__init__(**kw)
        self.dim = dim
        self.nnz = nnz
        self.ctx = {}
        self.idx = {}
        self.pending = None

    def index_vector(self, i):
        e = self.idx.get(i)
        if e is None:
            rng = np.random.default_rng(hash_term(self.term_name(i)))
            pos = rng.choice(self.dim, self.nnz, replace=False)
            sgn = rng.choice([-1.0, 1.0], self.nnz)
            e = (pos, sgn)
            self.idx[i] = e
        return e

    def term_name(self, i):
        if not hasattr(self, "_names") or len(self._names) < len(self.vocab):
            self._names = [None] * len(self.vocab)
            for t, j in self.vocab.items():
                self._names[j] = t
        return self._names[i]

    def featurize(self, toks, now):
        v = super().featurize(toks, now)
        self.pending = v
        return v

    def attach(self, _i, v):
        d = np.zeros(self.dim)
        for i, w in v.items():
            c = self.ctx.get(i)
            if c is not None:
                n = np.linalg.norm(c)
                if n > 0:
                    d += w * c / n
        for i, w in v.items():  # learn after reading: the report's terms see each other from now on
            c = self.ctx.get(i)
            if c is None:
                c = self.ctx[i] = np.zeros(self.dim)
            for j, wj in v.items():
                if j != i:
                    pos, sgn = self.index_vector(j)
                    c[pos] += wj * sgn
        u = V(v)
        n = np.linalg.norm(d)
        u.d = d / n if n > 0 else d
        return u


def hash_term(s):
    h = 0xCBF29CE484222325  # FNV-1a, as the product's stable hash
    for b in s.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


class BlendClusterer(Clusterer):
    """cos = a * lexical cosine + (1 - a) * dense cosine of the report's dense vector and the cluster's dense sum.

    Candidates are the lexical index's plus, if k > 0, the k clusters of best dense cosine (exhaustive scan:
    the generous case; the product would need an ANN or a coarse quantiser)."""

    def __init__(self, a=0.5, k=8, dim=100, **kw):
        super().__init__(**kw)
        self.a = a
        self.k = k
        self.M = np.zeros((1024, dim))
        self.row = {}
        self.free = []

    def dsum(self, seq):
        return self.M[self.row[seq]]

    def seed(self):
        s = super().seed()
        r = self.free.pop() if self.free else len(self.row)
        if r >= len(self.M):
            self.M = np.vstack([self.M, np.zeros_like(self.M)])
        self.M[r] = 0.0
        self.row[s] = r
        return s

    def drop(self, s):
        r = self.row.pop(s, None)
        if r is not None:
            self.M[r] = 0.0
            self.free.append(r)

    def add_vec(self, c, v, scale=1.0):
        super().add_vec(c, v, scale)
        self.M[self.row[c.seq]] += scale * v.d

    def retire(self, s):
        super().retire(s)
        self.drop(s)

    def merge(self, a, b):
        da, db = self.dsum(a).copy(), self.dsum(b).copy()
        w = super().merge(a, b)
        self.M[self.row[w]] = da + db
        self.drop(b if w == a else a)
        return w

    def dcos(self, d, seq):
        ds = self.dsum(seq)
        n = np.linalg.norm(ds)
        return float(d @ ds) / n if n > 0 else 0.0

    def cos(self, v, c):
        return self.a * super().cos(v, c) + (1 - self.a) * self.dcos(v.d, c.seq)

    def cos_without(self, v, c):
        r = self.dsum(c.seq) - v.d
        n = np.linalg.norm(r)
        dense = float(r @ v.d) / n if n > 1e-9 else 0.0
        return self.a * super().cos_without(v, c) + (1 - self.a) * dense

    def unit_of(self, c):
        u = V(super().unit_of(c))
        ds = self.dsum(c.seq)
        n = np.linalg.norm(ds)
        u.d = ds / n if n > 0 else ds
        return u

    def candidates(self, v, excluding):
        lex = super().candidates(v, excluding)
        if self.k <= 0 or not self.row:
            return lex
        seqs = list(self.row)
        rows = [self.row[s] for s in seqs]
        M = self.M[rows]
        n = np.linalg.norm(M, axis=1)
        sc = (M @ v.d) / np.maximum(n, 1e-12)
        out = list(lex)
        have = set(lex)
        for j in np.argsort(-sc, kind="stable")[: self.k + 1]:
            s = seqs[j]
            if s != excluding and s not in have:
                out.append(s)
                have.add(s)
        return out


class RefitClusterer(BlendClusterer):
    """Online LSA: before a report, if `every` reports arrived since the last fit (and at least `warm` in all),
    the TF-IDF + truncated SVD is refitted on the reports seen so far (the last `window` if > 0); every live
    report is then re-projected and every cluster's dense sum rebuilt from its members. Before the first fit
    the blend is lexical only. Uses only the past: no hindsight."""

    def __init__(self, docs, dim, a, k, every=500, warm=500, window=0, **kw):
        super().__init__(a, k, dim, **kw)
        self.docs = docs
        self.dim = dim
        self.every, self.warm, self.window = every, warm, window
        self.seen = []
        self.a_blend = a
        self.a = 1.0
        self.join_blend = self.join
        self.join = float(os.environ.get("WARM_JOIN", self.join))  # lexical threshold before the first fit
        self.model = None
        self.since_fit = 0
        self.fits = 0
        self.own = {}  # the featurizer's vectors of the reports seen (docs None: the SVD is fitted on these)

    def project(self, idxs):
        vec, svd = self.model
        if vec is None:  # the clusterer's own report vectors: P maps a term id to its row of the term matrix
            P, T = svd
            Z = np.zeros((len(idxs), self.dim))
            for r, i in enumerate(idxs):
                for term, w in self.own[i].items():
                    j = P.get(term)
                    if j is not None:
                        Z[r] += w * T[j]
        else:
            Z = svd.transform(vec.transform([self.docs[i] for i in idxs]))
        return Z / np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-12)

    def refit(self):
        from scipy.sparse import csr_matrix
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        ids = self.seen[-self.window:] if self.window else self.seen
        if self.docs is None:
            terms = sorted({term for i in ids for term in self.own[i]})
            P = {term: j for j, term in enumerate(terms)}
            data, cols, ptr = [], [], [0]
            for i in ids:
                for term, w in sorted(self.own[i].items()):
                    data.append(w)
                    cols.append(P[term])
                ptr.append(len(data))
            X = csr_matrix((data, cols, ptr), shape=(len(ids), len(terms)))
            svd = TruncatedSVD(self.dim, random_state=0).fit(X)
            self.model = (None, (P, svd.components_.T.copy()))
        else:
            vec = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, min_df=2)
            X = vec.fit_transform([self.docs[i] for i in ids])
            svd = TruncatedSVD(self.dim, random_state=0).fit(X)
            self.model = (vec, svd)
        self.since_fit = 0
        self.fits += 1
        ts = sorted(self.tickets)
        if ts:
            Z = self.project(ts)
            for t, z in zip(ts, Z):
                self.tickets[t][1].d = z
        self.M[:] = 0.0
        for s, c in self.clusters.items():
            r = self.row[s]
            for t in c.members:
                self.M[r] += self.tickets[t][1].d
        self.a = self.a_blend
        self.join = self.join_blend

    def process(self, t, v, now):
        self.own[t] = v
        if len(self.seen) >= self.warm and (self.model is None or self.since_fit >= self.every):
            self.refit()
        self.seen.append(t)
        self.since_fit += 1
        u = V(v)
        u.d = self.project([t])[0] if self.model else np.zeros(self.dim)
        super().process(t, u, now)


class CentroidRefitClusterer(RefitClusterer):
    """RefitClusterer whose cluster dense vector is the projection of the cluster's (truncated) lexical centroid,
    normalise(sum_i c_i * T[term_i]), instead of the sum of its members' dense vectors: no dense state per ticket
    and no rebuild over live tickets at a refit (the product computes it lazily, stamped by the fit epoch)."""

    def cdense(self, cen):
        if self.model is None or not cen:
            return None
        P, T = self.model[1]
        rows, ws = [], []
        for term, w in cen.items():
            j = P.get(term)
            if j is not None:
                rows.append(j)
                ws.append(w)
        if not rows:
            return None
        z = np.asarray(ws) @ T[rows]
        n = np.linalg.norm(z)
        return z / n if n > 0 else None

    def dcos(self, d, seq):
        z = self.cdense(self.clusters[seq].centroid)
        return float(d @ z) if z is not None else 0.0

    def cos_without(self, v, c):
        lex = Clusterer.cos_without(self, v, c)
        rest = {}
        for i, x in c.centroid.items():
            r = x - v.get(i, 0.0)
            if r > 1e-7:
                rest[i] = r
        z = self.cdense(rest)
        dense = float(v.d @ z) if z is not None else 0.0
        return self.a * lex + (1 - self.a) * dense

    def unit_of(self, c):
        u = V(Clusterer.unit_of(self, c))
        z = self.cdense(c.centroid)
        u.d = z if z is not None else np.zeros(self.dim)
        return u


# --- driver -------------------------------------------------------------------------------------------------

def variant(name, rows):
    """Returns (featurizer factory, clusterer factory taking a join threshold)."""
    p = name.split(":")
    if p[0] == "base":
        return Featurizer, lambda j, m: Clusterer(join=j, merge=m)
    if p[0] == "bigram":
        w, mode = float(p[1]), (p[2] if len(p) > 2 else "set")
        return (lambda: BigramFeaturizer(w, mode)), lambda j, m: Clusterer(join=j, merge=m)
    if p[0] == "char":
        n, w = int(p[1]), float(p[2])
        return (lambda: CharFeaturizer(n, w)), lambda j, m: Clusterer(join=j, merge=m)
    if p[0] == "lsa":
        d, a, k = int(p[1]), float(p[2]), (int(p[3]) if len(p) > 3 else 8)
        D = lsa_vectors(rows, d)
        return (lambda: LSAFeaturizer(D)), lambda j, m: BlendClusterer(a, k, d, join=j, merge=m)
    if p[0] == "ri":
        d, a, k = int(p[1]), float(p[2]), (int(p[3]) if len(p) > 3 else 8)
        return (lambda: RIFeaturizer(d)), lambda j, m: BlendClusterer(a, k, d, join=j, merge=m)
    if p[0] == "refit":  # refit:D:A:EVERY[:WINDOW[:WARM]]
        d, a, every = int(p[1]), float(p[2]), int(p[3])
        window = int(p[4]) if len(p) > 4 else 0
        warm = int(p[5]) if len(p) > 5 else every
        docs = [[term_of(k, t) for k, t in toks] for _, toks in rows]
        return Featurizer, lambda j, m: RefitClusterer(docs, d, a, 0, every, warm, window, join=j, merge=m)
    if p[0] == "refitv":  # refitv:D:A:EVERY[:WINDOW[:WARM]]: the SVD of the clusterer's own report vectors
        d, a, every = int(p[1]), float(p[2]), int(p[3])
        window = int(p[4]) if len(p) > 4 else 0
        warm = int(p[5]) if len(p) > 5 else every
        return Featurizer, lambda j, m: RefitClusterer(None, d, a, 0, every, warm, window, join=j, merge=m)
    if p[0] == "refitc":  # refitc:D:A:EVERY[:WINDOW[:WARM]]: refitv, cluster dense = projected lexical centroid
        d, a, every = int(p[1]), float(p[2]), int(p[3])
        window = int(p[4]) if len(p) > 4 else 0
        warm = int(p[5]) if len(p) > 5 else every
        return Featurizer, lambda j, m: CentroidRefitClusterer(None, d, a, 0, every, warm, window, join=j, merge=m)
    raise SystemExit("unknown variant " + name)


if __name__ == "__main__":
    rows = load(os.environ.get("DUMP", "/tmp/b77tok.tsv"))
    seeds = tuple(int(x) for x in os.environ.get("SEEDS", "1").split(","))
    merge_ratio = float(os.environ.get("MERGE_RATIO", "2.0"))  # merge threshold = ratio * join (0.6 at 0.3)
    feat, make = variant(sys.argv[1], rows)
    for j in [float(x) for x in sys.argv[2:]] or [0.30]:
        m = min(merge_ratio * j, 0.95)
        report(f"{sys.argv[1]} join {j:.3f} merge {m:.2f}", rows, lambda: make(j, m), seeds, feat=feat)
