package org.resalign.core.ujm;

import java.util.Locale;

import org.resalign.core.input.InvalidInputException;

/** The solvers of {@code ujm solve}. */
public enum SolverKind {
    /** L-BFGS with a strong-Wolfe line search over the full {@code D×D} matrices (the default). */
    LBFGS,
    /** Hipparchus's nonlinear conjugate gradient (Polak–Ribière) over the full matrices. */
    CG,
    /** Plain gradient descent with a fixed step from a small initialisation, as training runs. */
    GD,
    /** L-BFGS over rank-{@code r} factors {@code J_i = A_i B_iᵀ}, for large {@code D}. */
    FACTORED;

    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SolverKind parse(String text) {
        for (SolverKind k : values()) {
            if (k.optionName().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new InvalidInputException("kind", "unknown {kind} '%s' (expected lbfgs, cg, gd or factored)", text);
    }
}
