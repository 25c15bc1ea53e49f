"""Clustering ideas measured against the lab reproduction (clusterlab.py); see scripts/lab/README.md.

Usage: DUMP=/tmp/b77tok.tsv python3 scripts/lab/ideas.py VARIANT [configs]
"""
import sys; import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clusterlab import *
rows=load(os.environ.get('DUMP', '/tmp/b77tok.tsv'))

class Recheck(Clusterer):
    """After each placement, re-check the m most recent members of the joined cluster and its competitors."""
    def __init__(self, m=8, lo=0.2, ncomp=2, margin=0.0, **kw):
        super().__init__(**kw); self.m=m; self.lo=lo; self.ncomp=ncomp; self.margin=margin
        self.order = defaultdict(list)
    def do_join(self, s, t, v, sim):
        super().do_join(s, t, v, sim); self.order[s].append(t)
    def place(self, t, v):
        sc = self.scored(v)
        ok = [(sim, s) for sim, s in sc if sim >= self.join]
        if ok:
            s, sim = ok[0][1], ok[0][0]
            self.do_join(s, t, v, sim)
            comp = [x for _, x in sc[1:] if _ >= self.lo][: self.ncomp]
            self.recheck([s] + comp)
            return False, sim
        s = self.seed(); self.do_join(s, t, v, 1.0); return True, 1.0
    def recheck(self, group):
        for g in group:
            if g not in self.clusters: continue
            lst = [u for u in self.order[g] if self.tickets.get(u, [None])[0] == g]
            self.order[g] = lst
            for u in lst[-self.m:]:
                e = self.tickets.get(u)
                if e is None or e[0] != g or g not in self.clusters: continue
                stay = self.cos_without(e[1], self.clusters[g])
                best = None
                for o in group:
                    if o == g or o not in self.clusters: continue
                    sim = self.cos(e[1], self.clusters[o])
                    if sim > stay + self.margin and sim >= self.join and (best is None or sim > best[1]): best = (o, sim)
                if best: self.move(u, best[0], best[1])
    def merge(self, a, b):
        w = super().merge(a, b); l = b if w == a else a
        self.order[w].extend(self.order.pop(l, []))
        return w

which = sys.argv[1:] if __name__ == "__main__" else []
if 'base' in which: report('base', rows, lambda: Clusterer())
if 'recheck' in which:
    for m in [8, 32]:
        report(f'recheck m{m}', rows, lambda: Recheck(m=m))
if 'grid' in which:
    for j in [0.25, 0.35, 0.4]:
        report(f'join{j}', rows, lambda: Clusterer(join=j), seeds=(1,))
    for mg in [0.5, 0.7]:
        report(f'merge{mg}', rows, lambda: Clusterer(merge=mg), seeds=(1,))
if 'hc' in which:
    from sklearn.metrics import homogeneity_completeness_v_measure as hcv
    nmi, ari, k, h, cl = run(rows, 1, lambda: Clusterer())
    order = order_for(len(rows), 1)
    truth=[rows[i][0] for i in order]; pred=[str(cl.assignment(i)) if cl.assignment(i) else 'n%d'%i for i in order]
    print(hcv(truth, pred))
    from collections import Counter
    bc = defaultdict(Counter)
    for t,p in zip(truth,pred): bc[p][t]+=1
    for p,c in sorted(bc.items(), key=lambda x:-sum(x[1].values()))[:15]:
        print(sum(c.values()), c.most_common(4))
class SizePen(Clusterer):
    def __init__(self, g=0.02, **kw): super().__init__(**kw); self.g=g
    def best(self, v, excluding=None):
        out=[]
        for sim, s in self.scored(v, excluding):
            n=len(self.clusters[s].members)
            eff = sim - self.g*math.log(1+n)
            if eff >= self.join: out.append((eff, sim, s))
        if not out: return None
        out.sort(key=lambda x:(-x[0], x[2]))
        return out[0][2], out[0][1]
class Cohesion(Clusterer):
    def __init__(self, f=0.8, mn=3, **kw): super().__init__(**kw); self.f=f; self.mn=mn
    def threshold(self, c):
        n=len(c.members)
        if n>=self.mn: return max(self.join, self.f*c.norm/n)
        return self.join
if 'sizepen' in which:
    for g in [0.01, 0.02, 0.04]:
        report(f'sizepen {g}', rows, lambda: SizePen(g=g), seeds=(1,2))
if 'cohesion' in which:
    for f_ in [0.7, 0.85, 1.0]:
        report(f'cohesion {f_}', rows, lambda: Cohesion(f=f_), seeds=(1,2))
if 'tail' in which:
    for smax, thr in [(2,0.2),(3,0.2),(5,0.15),(5,0.0)]:
      for seed in (1,):
        nmi, ari, k, h, cl = run(rows, seed, lambda: Clusterer())
        order = order_for(len(rows), seed)
        truth=[rows[i][0] for i in order]
        big={s for s,c in cl.clusters.items() if len(c.members)>smax}
        pred=[]
        for i in order:
            e=cl.tickets.get(i)
            if e is None: pred.append('n%d'%i); continue
            if e[0] in big: pred.append(str(e[0])); continue
            best=None
            for s in big:
                c=cl.clusters[s]; sim=cl.cos(e[1],c)
                if sim>=thr and (best is None or sim>best[0]): best=(sim,s)
            pred.append(str(best[1]) if best else str(e[0]))
        print(smax,thr,'NMI',round(nmi,4),'->',round(normalized_mutual_info_score(truth,pred),4),len(set(pred)),holding(pred))
class Rival(Clusterer):
    """Rival penalised competitive learning: the runner-up centroid unlearns a fraction of the report."""
    def __init__(self, alpha=0.2, lo=0.25, **kw): super().__init__(**kw); self.alpha=alpha; self.lo=lo
    def place(self, t, v):
        sc = self.scored(v)
        ok = [(sim, s) for sim, s in sc if sim >= self.join]
        if ok:
            sim, s = ok[0]
            self.do_join(s, t, v, sim)
            rivals = [(x, y) for x, y in sc if y != s and x >= self.lo][:1]
            for x, r in rivals:
                c = self.clusters[r]
                self.add_vec(c, v, -self.alpha)
                if c.norm <= 0: continue
                self.reindex(r)
            return False, sim
        s = self.seed(); self.do_join(s, t, v, 1.0); return True, 1.0
if 'rival' in which:
    for a in [0.1, 0.3, 0.5]:
        for lo in [0.2, 0.3]:
            report(f'rival a{a} lo{lo}', rows, lambda: Rival(alpha=a, lo=lo), seeds=(1,2))
class Cover(Clusterer):
    def __init__(self, delta=0.2, kappa=0.5, mn=1, **kw): super().__init__(**kw); self.delta=delta; self.kappa=kappa; self.mn=mn
    def coverage(self, v, c):
        if len(c.members) < self.mn: return 1.0
        mx = max(c.centroid.values()) if c.centroid else 0
        return sum(w*w for i, w in v.items() if c.centroid.get(i, 0) >= self.delta*mx)
    def best(self, v, excluding=None):
        for sim, s in self.scored(v, excluding):
            c = self.clusters[s]
            if sim >= self.join and self.coverage(v, c) >= self.kappa:
                return s, sim
        return None
if 'cover' in which:
    for d, k in [(0.1,0.5),(0.2,0.5),(0.1,0.7),(0.2,0.3)]:
        report(f'cover d{d} k{k}', rows, lambda: Cover(delta=d, kappa=k), seeds=(1,2))
class Entropy(Clusterer):
    """Term weights from the clusters: a term whose centroid mass is spread over many clusters weighs less."""
    def __init__(self, beta=0.5, scale=math.log(20), minmass=2.0, **kw):
        super().__init__(**kw); self.beta=beta; self.scale=scale; self.minmass=minmass
        self.S=defaultdict(float); self.L=defaultdict(float)
    def track(self, old, new):
        for i in set(old) | set(new):
            a = old.get(i, 0.0); b = new.get(i, 0.0)
            if a == b: continue
            self.S[i] += b - a
            self.L[i] += (b*math.log(b) if b > 0 else 0) - (a*math.log(a) if a > 0 else 0)
    def weight(self, i):
        S = self.S.get(i, 0.0)
        if S < self.minmass: return 1.0
        H = max(0.0, math.log(S) - self.L[i]/S)
        return math.exp(-self.beta*H/self.scale)
    def add_vec(self, c, v, scale=1.0):
        old = dict(c.centroid); super().add_vec(c, v, scale); self.track(old, c.centroid)
    def merge(self, a, b):
        ca, cb = self.clusters[a], self.clusters[b]
        olds = {a: dict(ca.centroid), b: dict(cb.centroid)}
        w = super().merge(a, b); l = b if w == a else a
        self.track(olds[l], {}); self.track(olds[w], self.clusters[w].centroid)
        return w
    def retire(self, s):
        c = self.clusters.get(s)
        if c is not None: self.track(c.centroid, {})
        super().retire(s)
    def process(self, t, v, now):
        v = {i: w*self.weight(i) for i, w in v.items()}
        n = math.sqrt(sum(w*w for w in v.values()))
        v = {i: w/n for i, w in v.items()}
        super().process(t, v, now)
if 'entropy' in which:
    for b, j in [(0.5,0.3),(1.0,0.3),(1.0,0.27)]:
        report(f'entropy b{b} j{j}', rows, lambda: Entropy(beta=b, join=j), seeds=(1,2))
class MicroMacro(Clusterer):
    def __init__(self, theta=0.45, **kw):
        super().__init__(**kw); self.theta=theta
        self.macro_of={}; self.macros={}; self.mnext=1; self.msize={}; self.mcheck={}
    def mnorm(self, M): return math.sqrt(sum(w*w for w in M.values()))
    def mdetach(self, s):
        m=self.macro_of.pop(s, None)
        if m is None: return
        M=self.macros[m][0]; self.macros[m][1].discard(s)
        for i,w in self.mcheck[s].items():
            x=M.get(i,0)-w
            if x<=1e-7: M.pop(i,None)
            else: M[i]=x
        if not self.macros[m][1]: del self.macros[m]
    def mplace(self, s):
        c=self.clusters.get(s)
        self.mdetach(s)
        if c is None or c.norm<=0: return
        u={i:w for i,w in c.centroid.items()}
        un=c.norm
        best=None
        for m,(M,mem) in self.macros.items():
            n=self.mnorm(M)
            if n<=0: continue
            sim=dot(u,M)/(un*n)
            if sim>=self.theta and (best is None or sim>best[1]): best=(m,sim)
        if best is None:
            m=self.mnext; self.mnext+=1; self.macros[m]=[{},set()]
        else: m=best[0]
        M=self.macros[m][0]
        for i,w in u.items(): M[i]=M.get(i,0)+w
        self.macros[m][1].add(s); self.macro_of[s]=m; self.mcheck[s]=dict(u); self.msize[s]=len(c.members)
    def do_join(self, s, t, v, sim):
        super().do_join(s,t,v,sim)
        n=len(self.clusters[s].members); last=self.msize.get(s,0)
        if s not in self.macro_of or n*4>=last*5: self.mplace(s)
    def retire(self, s):
        self.mdetach(s); super().retire(s)
    def merge(self, a, b):
        self.mdetach(a); self.mdetach(b)
        w=super().merge(a,b); self.mplace(w); return w
def macro_label(cl, i):
    e=cl.tickets.get(i)
    if e is None: return None
    return 'M%d'%cl.macro_of.get(e[0], -e[0])
if 'mm' in which:
    for j, mg, th in [(0.5,0.8,0.45),(0.5,0.8,0.35),(0.4,0.7,0.45)]:
        report(f'mm j{j} m{mg} th{th}', rows, lambda: MicroMacro(theta=th, join=j, merge=mg), seeds=(1,), label_fn=macro_label)
if 'mm2' in which:
    import itertools
    cfgs=[tuple(map(float,x.split(','))) for x in which[which.index('mm2')+1:]]
    for j, mg, th in cfgs:
        report(f'mm j{j} m{mg} th{th}', rows, lambda: MicroMacro(theta=th, join=j, merge=mg), seeds=(1,), label_fn=macro_label)
class MM2(MicroMacro):
    def __init__(self, mu=0.55, **kw): super().__init__(**kw); self.mu=mu
    def mplace(self, s):
        super().mplace(s)
        m=self.macro_of.get(s)
        if m is None: return
        M,mem=self.macros[m]; n=self.mnorm(M)
        if n<=0: return
        best=None
        for o,(O,om) in self.macros.items():
            if o==m: continue
            on=self.mnorm(O)
            if on<=0: continue
            sim=dot(M,O)/(n*on)
            if sim>=self.mu and (best is None or sim>best[1]): best=(o,sim)
        if best:
            o=best[0]; O,om=self.macros[o]
            if len(om)>len(mem) or (len(om)==len(mem) and o<m): w,l=o,m
            else: w,l=m,o
            W=self.macros[w][0]
            for i,x in self.macros[l][0].items(): W[i]=W.get(i,0)+x
            for q in self.macros[l][1]: self.macro_of[q]=w
            self.macros[w][1]|=self.macros[l][1]; del self.macros[l]
if 'mm3' in which:
    cfgs=[tuple(map(float,x.split(','))) for x in which[which.index('mm3')+1:]]
    for j, mg, th, mu in cfgs:
        report(f'mm3 j{j} m{mg} th{th} mu{mu}', rows, lambda: MM2(mu=mu, theta=th, join=j, merge=mg), seeds=(1,), label_fn=macro_label)
if 'mmdiag' in which:
    from sklearn.metrics import homogeneity_completeness_v_measure as hcv
    from collections import Counter
    nmi, ari, k, h, cl = run(rows, 1, lambda: MicroMacro(theta=0.35, join=0.5, merge=0.8), label_fn=macro_label)
    order = order_for(len(rows), 1)
    truth=[rows[i][0] for i in order]; pred=[macro_label(cl,i) or 'n%d'%i for i in order]
    print(nmi, h, hcv(truth, pred))
    bc = defaultdict(Counter)
    for t,p in zip(truth,pred): bc[p][t]+=1
    for p,c in sorted(bc.items(), key=lambda x:-sum(x[1].values()))[:12]:
        print(sum(c.values()), c.most_common(4))
    sp=defaultdict(Counter)
    for t,p in zip(truth,pred): sp[t][p]+=1
    frag=[]
    for t,c in sp.items():
        tot=sum(c.values()); acc=0
        for kk,(p,n) in enumerate(c.most_common()):
            acc+=n
            if acc>=0.8*tot: frag.append(kk+1); break
    print('clusters holding 80% of an intent: median', sorted(frag)[len(frag)//2], 'max', max(frag))
class MMTop(MicroMacro):
    def __init__(self, ktop=2, delta=0.3, **kw): super().__init__(**kw); self.ktop=ktop; self.delta=delta
    def mplace(self, s):
        c=self.clusters.get(s)
        self.mdetach(s)
        if c is None or c.norm<=0: return
        u=c.centroid; un=c.norm
        tops=[i for i,_ in top(u,self.ktop)]
        best=None
        for m,(M,mem) in self.macros.items():
            n=self.mnorm(M)
            if n<=0: continue
            sim=dot(u,M)/(un*n)
            if sim<self.theta: continue
            mx=max(M.values())
            if any(M.get(i,0)<self.delta*mx for i in tops): continue
            if best is None or sim>best[1]: best=(m,sim)
        if best is None:
            m=self.mnext; self.mnext+=1; self.macros[m]=[{},set()]
        else: m=best[0]
        M=self.macros[m][0]
        for i,w in u.items(): M[i]=M.get(i,0)+w
        self.macros[m][1].add(s); self.macro_of[s]=m; self.mcheck[s]=dict(u); self.msize[s]=len(c.members)
if 'mmtop' in which:
    cfgs=[tuple(map(float,x.split(','))) for x in which[which.index('mmtop')+1:]]
    for j, th, k_, d in cfgs:
        report(f'mmtop j{j} th{th} k{k_} d{d}', rows, lambda: MMTop(ktop=int(k_), delta=d, theta=th, join=j, merge=0.8), seeds=(1,), label_fn=macro_label)
if 'mm3s' in which:
    cfgs=[tuple(map(float,x.split(','))) for x in which[which.index('mm3s')+1:]]
    for j, mg, th in cfgs:
        report(f'mm j{j} m{mg} th{th}', rows, lambda: MicroMacro(theta=th, join=j, merge=mg), seeds=(1,2,3), label_fn=macro_label)
