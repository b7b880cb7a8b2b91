import numpy as np, time, sys
from common import *
from schemes import *
import scipy.sparse as sp, scipy.sparse.linalg as spla
def switching_rho(E,P,Q,dt=1e-4,times=SWITCH_T):
    m=E.m; z=m.points[:,2]; rho=np.exp(120*(z-1)); rho/=rho@m.areas
    w=fp.observables.hemisphere_fractions(m,(0,0,1))
    L=rho_form(E,P,Q).tocsc(); I=sp.identity(m.n_cells,format='csc')
    A1=(I-dt*L).tocsc(); A2=(I-(2/3)*dt*L).tocsc()
    be=spla.splu(A1); bdf=spla.splu(A2)
    nsteps=int(round(times[-1]/dt)); marks={int(round(t/dt)):k for k,t in enumerate(times)}
    out=np.empty(len(times)); prev=rho.copy(); rho=be.solve(rho)
    print("   BE residual", np.abs(A1@rho-prev).max()/np.abs(prev).max(), "neg mass", -np.sum(np.minimum(rho,0)*m.areas))
    for n in range(1,nsteps):
        if n in marks: out[marks[n]]=w@rho
        rhs=(4*rho-prev)/3; new=bdf.solve(rhs)
        new += bdf.solve(rhs-A2@new)   # one refinement step
        prev,rho=rho,new
    out[marks[nsteps]]=w@rho
    return out
if __name__=="__main__":
  lev=int(sys.argv[1]); nm=sys.argv[2]
  from t2h import SCH
  E=Edges(mesh(lev),"switch",nsub=16)
  t=time.time(); P,Q=SCH[nm](E,"switch",0.01)
  p=switching_rho(E,P,Q)
  print(f"L{lev} {nm:8s}", " ".join(f"{x:+.3f}" for x in p/SWITCH_REF-1), " P:", " ".join(f"{x:.3e}" for x in p), f"({time.time()-t:.0f}s)", flush=True)
