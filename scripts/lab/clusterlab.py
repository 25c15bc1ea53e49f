#!/usr/bin/env python3
"""Lab reproduction of Vedetta's online clusterer on Banking77 (not part of the product).

Input: a token dump written by `vedetta-eval clustering --banking77 train.csv --dump-tokens FILE` (one line per
row in file order: label TAB kind:term ...). Usage: clusterlab.py DUMP [variant ...]
"""
import math
import sys
from collections import defaultdict

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

MASK = (1 << 64) - 1


def splitmix(seed):
    s = seed
    while True:
        s = (s + 0x9E3779B97F4A7C15) & MASK
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def order_for(n, seed):
    g = splitmix(seed)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = next(g) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def load(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        label = parts[0]
        toks = []
        for p in parts[1:]:
            if not p:
                continue
            k, t = p.split(":", 1)
            toks.append((k, t))
        rows.append((label, toks))
    return rows


class Featurizer:
    def __init__(self, idf_offset=2.0, prefix_w=0.3, prefix_len=4, half_life_ms=14 * 86400000):
        self.vocab = {}
        self.freq = []
        self.stamp = []
        self.N = 0.0
        self.Nstamp = None
        self.idf_offset = idf_offset
        self.prefix_w = prefix_w
        self.prefix_len = prefix_len
        self.hl = half_life_ms

    def intern(self, term):
        i = self.vocab.get(term)
        if i is None:
            i = len(self.vocab)
            self.vocab[term] = i
            self.freq.append(0.0)
            self.stamp.append(None)
        return i

    def extra(self, toks):
        return ()

    def decay(self, stamp, now):
        if stamp is None or now <= stamp:
            return 1.0
        return 2.0 ** (-(now - stamp) / self.hl)

    def featurize(self, toks, now):
        counts = {}
        factors = {}
        order = []

        def add(i, f):
            if i in counts:
                counts[i] += 1
            else:
                counts[i] = 1
                factors[i] = f
                order.append(i)

        for kind, term in toks:
            f = {"w": 1.0, "e": 2.5, "p": 0.3}[kind]
            i = self.intern(kind + term if kind != "w" else term)
            add(i, f)
            if self.prefix_w > 0 and kind == "w" and len(term) > self.prefix_len:
                add(self.intern("~" + term[: self.prefix_len]), self.prefix_w)
        for term, f in self.extra(toks):  # features.py adds bigrams or character n-grams here
            add(self.intern(term), f)
        if not counts:
            return {}
        self.N = self.N * self.decay(self.Nstamp, now) + 1
        self.Nstamp = now if self.Nstamp is None else max(self.Nstamp, now)
        v = {}
        for i in order:
            df = self.freq[i] * self.decay(self.stamp[i], now) + 1
            self.freq[i] = df
            self.stamp[i] = now if self.stamp[i] is None else max(self.stamp[i], now)
            idf = max(math.log((self.N + 1) / (df + 1)) + self.idf_offset, 0.05)
            tf = 1 + math.log(counts[i])
            v[i] = tf * idf * factors[i]
        n = math.sqrt(sum(w * w for w in v.values()))
        return {i: w / n for i, w in v.items()}


def top(v, k):
    return sorted(v.items(), key=lambda x: (-x[1], x[0]))[:k]


def norm(v):
    return math.sqrt(sum(w * w for w in v.values()))


def dot(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(i, 0.0) for i, w in a.items())


class Cluster:
    __slots__ = ("seq", "centroid", "norm", "members", "indexed", "checked", "last", "born")

    def __init__(self, seq, t):
        self.seq = seq
        self.centroid = {}
        self.norm = 0.0
        self.members = set()
        self.indexed = []
        self.checked = 0
        self.last = t
        self.born = t


class Clusterer:
    def __init__(self, **kw):
        self.join = kw.get("join", 0.30)
        self.merge_t = kw.get("merge", 0.60)
        self.merge_interval = kw.get("merge_interval", 32)
        self.revisit_after = kw.get("revisit", [50, 500])
        self.revisit_below = kw.get("revisit_below", 0.5)
        self.revisit_margin = kw.get("revisit_margin", 0.02)
        self.centroid_terms = kw.get("centroid_terms", 48)
        self.indexed_terms = kw.get("indexed_terms", 8)
        self.query_terms = kw.get("query_terms", 8)
        self.cap = kw.get("postings", 48)
        self.ncand = kw.get("candidates", 16)
        self.horizon = kw.get("horizon", 3 * 86400000)
        self.kw = kw
        self.clusters = {}
        self.tickets = {}  # t -> [cluster, vector, sim, joined_at_report]
        self.index = defaultdict(dict)  # term -> {seq: w}
        self.next_seq = 1
        self.dirty = []
        self.dirty_set = set()
        self.since = 0
        self.reports = 0
        self.revisits = [[] for _ in self.revisit_after]
        self.heads = [0 for _ in self.revisit_after]
        self.now = 0
        self.retq = []
        self.rethead = 0

    # --- index
    def reindex(self, seq):
        c = self.clusters.get(seq)
        if c is None:
            return
        tp = top(c.centroid, self.indexed_terms)
        n = max(c.norm, 1e-9)
        topids = {i for i, _ in tp}
        for t in c.indexed:
            if t not in topids:
                self.index[t].pop(seq, None)
        kept = []
        for t, w in tp:
            lst = self.index[t]
            w = w / n
            if seq in lst or len(lst) < self.cap:
                lst[seq] = w
                kept.append(t)
            else:
                weakest = min(lst.items(), key=lambda x: (x[1], x[0]))
                if w > weakest[1]:
                    del lst[weakest[0]]
                    lst[seq] = w
                    kept.append(t)
        c.indexed = kept

    def unindex(self, seq, c):
        for t in c.indexed:
            self.index[t].pop(seq, None)

    def candidates(self, v, excluding):
        scores = {}
        for t, w in top(v, self.query_terms):
            for s, pw in self.index.get(t, {}).items():
                scores[s] = scores.get(s, 0.0) + w * pw
        scores.pop(excluding, None)
        return [s for s, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))[: self.ncand]]

    def threshold(self, c):
        return self.join

    def cos(self, v, c):
        return dot(v, c.centroid) / c.norm if c.norm > 0 else 0.0

    def scored(self, v, excluding=None):
        out = []
        for s in self.candidates(v, excluding):
            c = self.clusters[s]
            out.append((self.cos(v, c), s))
        out.sort(key=lambda x: (-x[0], x[1]))
        return out

    def best(self, v, excluding=None):
        for sim, s in self.scored(v, excluding):
            if sim >= self.threshold(self.clusters[s]):
                return s, sim
        return None

    # --- membership
    def bounded(self, cen):
        if len(cen) > self.centroid_terms + self.centroid_terms // 2:
            return dict(top(cen, self.centroid_terms))
        return cen

    def add_vec(self, c, v, scale=1.0):
        cen = c.centroid
        for i, w in v.items():
            x = cen.get(i, 0.0) + scale * w
            if scale < 0 and x <= 1e-7:
                cen.pop(i, None)
            else:
                cen[i] = x
        if scale > 0:
            c.centroid = self.bounded(cen)
        c.norm = norm(c.centroid)

    def seed(self):
        s = self.next_seq
        self.next_seq += 1
        self.clusters[s] = Cluster(s, self.now)
        self.retq.append((s, self.now))
        return s

    def do_join(self, s, t, v, sim):
        c = self.clusters[s]
        self.add_vec(c, v)
        c.members.add(t)
        c.last = max(c.last, self.now)
        self.tickets[t] = [s, v, sim, self.reports]
        self.reindex(s)
        self.mark(s)

    def remove(self, t, s):
        c = self.clusters[s]
        v = self.tickets[t][1]
        self.add_vec(c, v, -1)
        c.members.discard(t)
        del self.tickets[t]
        if not c.members:
            self.retire(s)
        else:
            self.reindex(s)

    def retire(self, s):
        c = self.clusters.pop(s, None)
        if c is None:
            return
        self.unindex(s, c)
        for t in c.members:
            self.tickets.pop(t, None)
        if s in self.dirty_set:
            self.dirty_set.discard(s)
            self.dirty = [x for x in self.dirty if x != s]

    def mark(self, s):
        if s not in self.dirty_set:
            self.dirty_set.add(s)
            self.dirty.append(s)

    def place(self, t, v):
        b = self.best(v)
        if b:
            self.do_join(b[0], t, v, b[1])
            return False, b[1]
        s = self.seed()
        self.do_join(s, t, v, 1.0)
        return True, 1.0

    def process(self, t, v, now):
        self.advance(now)
        seeded, sim = self.place(t, v)
        if self.revisit_after and (seeded or sim < self.revisit_below):
            self.revisits[0].append((t, self.reports + self.revisit_after[0]))
        self.reports += 1
        self.run_revisits()
        self.after_report(t)
        self.since += 1
        if self.merge_interval > 0 and self.since >= self.merge_interval:
            self.since = 0
            self.consolidate()

    def after_report(self, t):
        pass

    def advance(self, now):
        self.now = max(self.now, now)
        limit = self.now - self.horizon
        while self.rethead < len(self.retq) and self.retq[self.rethead][1] < limit:
            s, _ = self.retq[self.rethead]
            self.rethead += 1
            c = self.clusters.get(s)
            if c is None:
                continue
            if c.last < limit:
                self.retire(s)
            else:
                self.retq.append((s, c.last))

    def run_revisits(self):
        for r in range(len(self.revisits)):
            q = self.revisits[r]
            while self.heads[r] < len(q) and q[self.heads[r]][1] <= self.reports:
                t = q[self.heads[r]][0]
                self.heads[r] += 1
                if t not in self.tickets:
                    continue
                self.revisit(t)
                if r + 1 < len(self.revisits):
                    self.revisits[r + 1].append((t, self.reports + self.revisit_after[r + 1]))

    def cos_without(self, v, c):
        d = 0.0
        n2 = c.norm * c.norm
        for i, w in v.items():
            ci = c.centroid.get(i, 0.0)
            r = ci - w
            n2 -= ci * ci
            if r > 1e-7:
                d += r * w
                n2 += r * r
        return d / math.sqrt(n2) if n2 > 1e-12 else 0.0

    def revisit(self, t):
        s, v, _, _ = self.tickets[t]
        c = self.clusters[s]
        stay = self.cos_without(v, c)
        b = self.best(v, excluding=s)
        if b is None or b[1] <= stay + self.revisit_margin:
            return
        self.move(t, b[0], b[1])

    def move(self, t, to, sim):
        s, v, _, _ = self.tickets[t]
        self.remove(t, s)
        if to in self.clusters:
            self.do_join(to, t, v, sim)
        else:
            s2 = self.seed()
            self.do_join(s2, t, v, 1.0)

    def consolidate(self):
        if self.merge_t <= 0:
            self.dirty, self.dirty_set = [], set()
            return
        pending = sorted(self.dirty)
        self.dirty, self.dirty_set = [], set()
        for s in pending:
            c = self.clusters.get(s)
            if c is None:
                continue
            size = len(c.members)
            if not (size < 8 or size * 4 >= c.checked * 5):
                continue
            c.checked = size
            if c.norm <= 0:
                continue
            unit = self.unit_of(c)
            best = None
            for o in self.candidates(unit, s):
                oc = self.clusters[o]
                sim = self.cos(unit, oc)
                if sim >= self.merge_t and (best is None or sim > best[1] or (sim == best[1] and o < best[0])):
                    best = (o, sim)
            if best:
                self.merge(s, best[0])

    def unit_of(self, c):
        return {i: w / c.norm for i, w in c.centroid.items()}

    def merge(self, a, b):
        ca, cb = self.clusters[a], self.clusters[b]
        sa, sb = len(ca.members), len(cb.members)
        w, l = (a, b) if (sa > sb or (sa == sb and a < b)) else (b, a)
        cl = self.clusters.pop(l)
        self.unindex(l, cl)
        cw = self.clusters[w]
        for i, x in cl.centroid.items():
            cw.centroid[i] = cw.centroid.get(i, 0.0) + x
        cw.centroid = self.bounded(cw.centroid)
        cw.norm = norm(cw.centroid)
        for t in cl.members:
            self.tickets[t][0] = w
        cw.members |= cl.members
        cw.last = max(cw.last, cl.last)
        if l in self.dirty_set:
            self.dirty_set.discard(l)
            self.dirty = [x for x in self.dirty if x != l]
        self.reindex(w)
        self.mark(w)
        return w

    def assignment(self, t):
        e = self.tickets.get(t)
        return e[0] if e else None


def holding(pred, frac=0.9):
    sizes = sorted(np.unique(pred, return_counts=True)[1], reverse=True)
    tot = sum(sizes)
    acc = 0
    for k, s in enumerate(sizes):
        acc += s
        if acc >= frac * tot:
            return k + 1
    return len(sizes)


def run(rows, seed, make, label_fn=None, feat=Featurizer):
    order = order_for(len(rows), seed)
    f = feat()
    cl = make()
    for k, i in enumerate(order):
        now = 30000 * k
        v = f.featurize(rows[i][1], now)
        if not v:
            continue
        if hasattr(f, "attach"):  # lets a featurizer hang per-row extras (a dense vector) on the report
            v = f.attach(i, v)
        cl.process(i, v, now)
    truth, pred = [], []
    for i in order:
        truth.append(rows[i][0])
        a = cl.assignment(i) if label_fn is None else label_fn(cl, i)
        pred.append(str(a) if a is not None else "none-%d" % i)
    nmi = normalized_mutual_info_score(truth, pred)
    ari = adjusted_rand_score(truth, pred)
    return nmi, ari, len(set(pred)), holding(pred), cl


def report(name, rows, make, seeds=(1, 2, 3), label_fn=None, feat=Featurizer):
    res = []
    for s in seeds:
        nmi, ari, k, h, _ = run(rows, s, make, label_fn, feat)
        res.append((nmi, ari, k, h))
        print(f"  {name} seed {s}: NMI {nmi:.4f} ARI {ari:.3f} clusters {k} hold90 {h}", flush=True)
    m = np.mean(res, axis=0)
    print(f"MEAN {name}: NMI {m[0]:.4f} ARI {m[1]:.3f} clusters {m[2]:.0f} hold90 {m[3]:.1f}", flush=True)
    return m


if __name__ == "__main__":
    rows = load(sys.argv[1])
    report("baseline", rows, lambda: Clusterer())
