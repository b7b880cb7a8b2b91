import numpy as np, sys
from common import *
from schemes import *
from t5 import switching_rho
lev=int(sys.argv[1])
E=Edges(mesh(lev),"switch",nsub=16)
for a in (10.0, 0.01):
    s=E.sg(); P,Q=s,-s
    p=switching_rho(E,P,Q); print(f"L{lev} SG only", " ".join(f"{x:+.3f}" for x in p/SWITCH_REF-1))
    P,Q=fp_scheme(E,"switch",a,"auto"); p=switching_rho(E,P,Q); print(f"L{lev} fp-auto a={a}", " ".join(f"{x:+.3f}" for x in p/SWITCH_REF-1))
