import numpy as np, time, sys
from common import *
from schemes import *
SCH0 = {
 "fp-auto": lambda E,case,a: fp_scheme(E,case,a,"auto"),
 "fp-centered": lambda E,case,a: fp_scheme(E,case,a,"centered"),
 "fp-markov": lambda E,case,a: fp_scheme(E,case,a,"markov"),
 "cR": lambda E,case,a: centered_rich(E,a),
 "cR+stab": lambda E,case,a: with_stab(E,*centered_rich(E,a))[:2],
 "H-fit": lambda E,case,a: hodge(E,a,True),
 "H-fit+stab": lambda E,case,a: with_stab(E,*hodge(E,a,True))[:2],
 "H-c+stab": lambda E,case,a: with_stab(E,*hodge(E,a,False))[:2],
}
def keig(E,P,Q):
    N = g_form(E,P,Q).toarray()
    y = np.exp(-(E.ud-E.ud.min()))
    s = 1/np.sqrt(E.m.areas*y)
    K = (s*y)[:,None]*N*s[None,:]
    ek = np.linalg.eigvals(K)
    k0 = np.argmin(np.abs(ek)); ev0 = ek[k0]; ek = np.delete(ek,k0)
    return ev0, ek[np.argmax(ek.real)], np.abs(ek.imag).max(), np.linalg.eigvalsh(0.5*(K+K.T))[-1]
from t2h import SCH
names = sys.argv[1].split(",")
levels = [int(x) for x in sys.argv[2].split(",")]
cases = (("switch",0.01),("switch",1e-3),("oblique",0.01)) if len(sys.argv)<4 else [(c.split(':')[0],float(c.split(':')[1])) for c in sys.argv[3].split(',')]
for lev in levels:
    for case, a in cases:
        E = Edges(mesh(lev), case, nsub=16)
        for nm in names:
            t=time.time()
            P,Q = SCH[nm](E,case,a)
            ev0, evmax, imax, smax = keig(E,P,Q)
            g,rho = stationary(E,P,Q)
            print(f"L{lev} {case:8s} a={a:g} {nm:12s} maxRe={evmax.real:+.3e} (ev0={ev0.real:+.1e}) symmax={smax:+.2e} |Im|max={imax:.2e} min(g)/max(g)={g.min()/g.max():+.2e} {time.time()-t:.1f}s", flush=True)
