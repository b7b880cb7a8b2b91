import numpy as np, time
from common import *
from schemes import *
for lev in (3,4,5):
    E = Edges(mesh(lev), "switch", nsub=64)
    for ns in (8,16,32,64):
        c = E.c_eq(0.01)+E.c_ne(0.01,ns)
        ce = c*np.exp(-E.mid)
        D = divergence(E, ce)*np.exp(E.ud)/E.m.areas
        print(f"{lev} nsub={ns}: max |div c|/(A e^-Ud) = {np.abs(D).max():.3e}  median {np.median(np.abs(D)):.3e}")
    c = E.c_eq(0.01)+(4*E.c_ne(0.01,16)-E.c_ne(0.01,8))/3
    D = divergence(E, c*np.exp(-E.mid))*np.exp(E.ud)/E.m.areas
    print(f"{lev} richardson 8/16: max {np.abs(D).max():.3e}  median {np.median(np.abs(D)):.3e}")
