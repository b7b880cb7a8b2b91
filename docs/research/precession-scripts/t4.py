import numpy as np, time, sys
from common import *
from schemes import *
from t2h import SCH
names = sys.argv[1].split(","); levels=[int(x) for x in sys.argv[2].split(",")]
alpha = float(sys.argv[3]) if len(sys.argv)>3 else 0.01
print("ref      ", " ".join(f"{x:.4e}" for x in SWITCH_REF))
for lev in levels:
    E = Edges(mesh(lev), "switch", nsub=16)
    for nm in names:
        t=time.time()
        P,Q = SCH[nm](E,"switch",alpha)
        p = switching(E,P,Q)
        print(f"L{lev} a={alpha:g} {nm:10s}", " ".join(f"{x:+.3f}" for x in p/SWITCH_REF-1), f"({time.time()-t:.0f}s)", flush=True)
