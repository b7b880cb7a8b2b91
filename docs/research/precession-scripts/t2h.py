from schemes import *
SCH = {
 "fp-auto": lambda E,case,a: fp_scheme(E,case,a,"auto"),
 "fp-centered": lambda E,case,a: fp_scheme(E,case,a,"centered"),
 "fp-markov": lambda E,case,a: fp_scheme(E,case,a,"markov"),
 "cR": lambda E,case,a: centered_rich(E,a),
 "cR+stab": lambda E,case,a: with_stab(E,*centered_rich(E,a))[:2],
 "H-fit": lambda E,case,a: hodge(E,a,True),
 "H-fit+stab": lambda E,case,a: with_stab(E,*hodge(E,a,True))[:2],
 "H-c+stab": lambda E,case,a: with_stab(E,*hodge(E,a,False))[:2],
}
SCH["rc"] = lambda E,case,a: rho_centered_psi(E,a)
SCH["rc+stab"] = lambda E,case,a: with_stab(E,*rho_centered_psi(E,a))[:2]
