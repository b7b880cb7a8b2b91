import numpy as np, time
from common import *
from schemes import *
for lev in (3,4,5):
    E = Edges(mesh(lev), "switch", nsub=8)
    P0,Q0 = fp_scheme(E,"switch",0.01,"centered")
    P1,Q1 = centered(E,0.01,1)
    print(lev, "match fp centered:", np.abs(P0-P1).max()/np.abs(P0).max(), np.abs(Q0-Q1).max()/np.abs(Q0).max())
    # spurious divergence of c (units exp(-m) -> convert to exp(-U_i)): relative to SG row scale
    for ns in (1,2,4,8):
        c = E.c_eq(0.01)+E.c_ne(0.01,ns)
        # convert edge coefficient to rho-units: c*exp(-m); divergence per cell in units of exp(-U_d,i)
        ce = c*np.exp(-E.mid)
        D = divergence(E, ce)*np.exp(E.ud)/E.m.areas
        print(f"  nsub={ns}: max |div c|/(A e^-Ud) = {np.abs(D).max():.3e}  median {np.median(np.abs(D)):.3e}")
