import numpy as np, time, sys
from common import *
from schemes import *
lev=int(sys.argv[1])
for case,a in (("switch",0.01),("oblique",0.01)):
    E = Edges(mesh(lev), case, nsub=16)
    for nm,(P,Q) in (("fp-auto",fp_scheme(E,case,a,"auto")),("cR",centered_rich(E,a)),("fp-centered",fp_scheme(E,case,a,"centered"))):
        N = g_form(E,P,Q).toarray()
        Dw = E.m.areas*np.exp(-(E.ud-E.ud.min()))
        Np = np.exp(-(E.ud-E.ud.min()))[:,None]*N   # A e^-U dg/dt = N' g
        s = 1/np.sqrt(Dw)
        K = s[:,None]*Np*s[None,:]
        S = 0.5*(K+K.T)
        es = np.linalg.eigvalsh(S)
        ek = np.linalg.eigvals(K)
        ek = ek[np.argsort(-ek.real)]
        print(f"L{lev} {case} {nm}: max eig sym part {es[-1]:.3e}; eig(K) top re {ek[0].real:.3e} {ek[1].real:.3e}; cond Dw {Dw.max()/Dw.min():.1e}")
