"""Micro clusters at a high join threshold: purity, the best possible grouping of them (by majority intent),
and offline agglomeration of their centroids. Usage: DUMP=... python3 micro_oracle.py JOIN MERGE"""
import sys; import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clusterlab import *
from collections import Counter
rows=load(os.environ.get('DUMP', '/tmp/b77tok.tsv'))
j=float(sys.argv[1]); mg=float(sys.argv[2])
nmi,ari,k,h,cl=run(rows,1,lambda: Clusterer(join=j, merge=mg))
print('micro',j,mg,round(nmi,4),k,h)
order=order_for(len(rows),1)
truth=[rows[i][0] for i in order]
micro=[cl.assignment(i) for i in order]
# oracle: each micro -> majority intent
bc=defaultdict(Counter)
for t,m in zip(truth,micro): bc[m][t]+=1
maj={m:c.most_common(1)[0][0] for m,c in bc.items()}
pred=[maj[m] if m else 'n%d'%q for q,m in enumerate(micro)]
print('oracle macro', round(normalized_mutual_info_score(truth,pred),4), holding(pred))
# purity of micros
pur=sum(c.most_common(1)[0][1] for c in bc.values())/len(truth); print('micro purity',round(pur,3))
# agglomerate micro centroids (centroid linkage, sizes as weights), greedy threshold
seqs=sorted(cl.clusters)
from scipy.sparse import csr_matrix
dim=max(max(c.centroid) for c in cl.clusters.values() if c.centroid)+1
r=[];cc=[];d=[]
for a,s in enumerate(seqs):
    for i,w in cl.clusters[s].centroid.items(): r.append(a);cc.append(i);d.append(w)
C=csr_matrix((d,(r,cc)),shape=(len(seqs),dim)).toarray()
from sklearn.cluster import AgglomerativeClustering
Cn=C/np.linalg.norm(C,axis=1,keepdims=True)
pos={s:a for a,s in enumerate(seqs)}
for link in ['average','complete']:
  for thr in [0.5,0.6,0.7,0.8]:
    lab=AgglomerativeClustering(n_clusters=None,distance_threshold=thr,metric='cosine',linkage=link).fit_predict(Cn)
    pred=[str(lab[pos[m]]) if m else 'n%d'%q for q,m in enumerate(micro)]
    print(link,thr,round(normalized_mutual_info_score(truth,pred),4),len(set(pred)),holding(pred),flush=True)
