"""Term weights from a finished run (entropy of each term's mass over clusters), used to rerun the clusterer:
an upper bound for online cluster-learned weights. Usage: DUMP=... python3 hindsight_weights.py SEED"""
import sys; import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clusterlab import *
rows=load(os.environ.get('DUMP', '/tmp/b77tok.tsv'))
seed=int(sys.argv[1]) if len(sys.argv)>1 else 1
nmi,ari,k,h,cl=run(rows,seed,lambda: Clusterer())
# term mass over clusters
mass=defaultdict(lambda: defaultdict(float))
for t,(s,v,_,_) in cl.tickets.items():
    for i,w in v.items(): mass[i][s]+=w
conc={}
for i,d in mass.items():
    tot=sum(d.values()); p=np.array(list(d.values()))/tot
    H=-(p*np.log(p)).sum()
    conc[i]=(tot,H)
class RF(Featurizer):
    def __init__(s, fn): super().__init__(); s.fn=fn
    def featurize(s, toks, now):
        v=super().featurize(toks, now)
        inv={i:t for t,i in s.vocab.items()}
        v={i:w*s.fn(i) for i,w in v.items()}
        n=math.sqrt(sum(w*w for w in v.values())) or 1
        return {i:w/n for i,w in v.items()}
# map conc by term string since vocab ids equal across runs for same order
import clusterlab
for beta in [0.5,1.0]:
    def fn(i, beta=beta):
        if i not in conc: return 1.0
        tot,H=conc[i]
        return math.exp(-beta*H/ math.log(20))  # high entropy -> lower weight
    order=order_for(len(rows),seed); f=RF(fn); c2=Clusterer()
    for kk,i in enumerate(order):
        v=f.featurize(rows[i][1],30000*kk)
        if v: c2.process(i,v,30000*kk)
    truth=[rows[i][0] for i in order]; pred=[str(c2.assignment(i)) if c2.assignment(i) else 'n%d'%i for i in order]
    print('beta',beta,round(normalized_mutual_info_score(truth,pred),4),len(set(pred)),holding(pred),flush=True)
