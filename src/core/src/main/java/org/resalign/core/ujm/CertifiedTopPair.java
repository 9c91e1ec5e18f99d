package org.resalign.core.ujm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * {@code σ₁, σ₂, u₁, v₁} of a dense matrix from a few Golub–Kahan–Lanczos steps, returned only when rigorous bounds
 * show them exact enough; otherwise {@code null}, and {@link LeadingSingularPair#ofDense} takes EJML's full SVD.
 *
 * <p>Method: Golub–Kahan bidiagonalisation (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed., Alg. 10.4.1)
 * with full reorthogonalisation, started at the row of largest norm, for up to {@value #MAX_STEPS} steps; the Ritz
 * triplets {@code (θ_i, ũ_i, ṽ_i)} come from the SVD of the small bidiagonal matrix. Nothing below trusts the
 * recursion: every bound uses quantities recomputed from {@code J} itself.
 * <ul>
 *   <li>Residuals: with {@code a_i = ‖J ṽ_i − θ_i ũ_i‖}, {@code b_i = ‖Jᵀ ũ_i − θ_i ṽ_i‖} and
 *       {@code ρ_i = √((a_i² + b_i²)/2)}, some singular value lies within {@code ρ_i} of {@code θ_i} (the symmetric
 *       residual bound applied to {@code [[0, J], [Jᵀ, 0]]}, whose eigenvalues are {@code ±σ_k}).</li>
 *   <li>Nothing unseen above: for any rank-{@code r} matrix {@code X}, Weyl's inequality gives
 *       {@code σ_{r+1}(J) ≤ ‖J − X‖₂ ≤ ‖J − X‖_F}. So {@code F₁ = ‖J − θ₁ũ₁ṽ₁ᵀ‖_F} bounds {@code σ₂} from above and
 *       {@code F₂ = ‖J − θ₁ũ₁ṽ₁ᵀ − θ₂ũ₂ṽ₂ᵀ‖_F} bounds {@code σ₃}, computed entry by entry (no cancellation of
 *       squares) and enlarged by a bound on their rounding.</li>
 * </ul>
 * Accepted when {@code θ₁ − ρ₁ > F₁} (so the singular value near {@code θ₁} is {@code σ₁}, within {@code ρ₁}), the
 * angle bound {@code √2 ρ₁ / (θ₁ − ρ₁ − F₁)} on {@code ũ₁, ṽ₁} is at most {@value #MAX_ANGLE} (Wedin's theorem), and
 * {@code σ₂} is pinned down in one of two ways:
 * <ol>
 *   <li>tiny: {@code F₁ ≤ }{@value #TINY}{@code ·θ₁}; then {@code σ₂} is reported as that upper bound {@code F₁}
 *       (its error is below {@value #TINY}{@code ·σ₁}, and a rank-one test against any tolerance above that is never
 *       passed on an underestimate);</li>
 *   <li>isolated: {@code ρ₂ ≤ }{@value #RELATIVE}{@code ·θ₂}, {@code θ₂ − ρ₂ > F₂ ≥ σ₃} and the intervals around
 *       {@code θ₁} and {@code θ₂} are disjoint; then {@code σ₂ = θ₂} within {@code ρ₂}.</li>
 * </ol>
 * At an optimum of the theorem the Jacobians are rank one to rounding and the first case applies after two or three
 * steps, at the cost of a few matrix-vector products instead of a full SVD. Matrices with several comparable singular
 * values (or a near-degenerate top pair) fail the test and go to the full SVD, as before. Deterministic: no random
 * start, no threads.
 */
final class CertifiedTopPair {

    /** Krylov steps at most. */
    static final int MAX_STEPS = 24;
    /** {@code σ₂ ≤ TINY·σ₁}, proven, is reported as that bound (two decades below the default rank-one tolerance). */
    static final double TINY = 1e-8;
    /** Required relative accuracy of an isolated {@code σ₂}. */
    static final double RELATIVE = 1e-6;
    /** Required bound on the angle between the computed and the true top vectors. */
    static final double MAX_ANGLE = 1e-10;
    private static final double EPS = Math.ulp(1.0);

    private CertifiedTopPair() {
    }

    /** The certified pair, or {@code null} when the bounds do not pin it down. */
    static LeadingSingularPair of(DMatrixRMaj j) {
        final int m = j.numRows;
        final int n = j.numCols;
        final double[] a = j.data;
        if (m < 2 || n < 2) {
            return null;
        }
        double normSq = 0;
        int best = 0;
        double bestRow = -1;
        for (int r = 0; r < m; r++) {
            double q = 0;
            for (int c = 0; c < n; c++) {
                final double x = a[r * n + c];
                q += x * x;
            }
            normSq += q;
            if (q > bestRow) {
                bestRow = q;
                best = r;
            }
        }
        if (!(normSq > 0) || !Double.isFinite(normSq) || normSq < 1e-200 || normSq > 1e200) {
            return null; // zero, non-finite or extreme scale: the full SVD decides
        }
        final double normF = Math.sqrt(normSq);
        final int kMax = Math.min(MAX_STEPS, Math.min(m, n));
        final double[][] us = new double[kMax][];
        final double[][] vs = new double[kMax + 1][];
        final double[] alpha = new double[kMax];
        final double[] beta = new double[kMax + 1];
        double[] v = new double[n];
        System.arraycopy(a, best * n, v, 0, n);
        scale(v, 1 / norm(v));
        vs[0] = v;
        int k = 0;
        Ritz ritz = null;
        while (k < kMax) {
            // u_k = J v_k − β_k u_{k−1}, reorthogonalised against every u, then normalised.
            double[] u = times(a, m, n, vs[k]);
            if (k > 0) {
                axpy(-beta[k], us[k - 1], u);
            }
            reorthogonalise(u, us, k);
            final double al = norm(u);
            if (!(al > EPS * normF)) {
                break; // invariant subspace: the Ritz values are exact for it
            }
            scale(u, 1 / al);
            us[k] = u;
            alpha[k] = al;
            // v_{k+1} = Jᵀ u_k − α_k v_k, reorthogonalised against every v.
            double[] w = timesTransposed(a, m, n, u);
            axpy(-al, vs[k], w);
            reorthogonalise(w, vs, k + 1);
            final double be = norm(w);
            k++;
            beta[k] = be;
            if (k >= 2) {
                ritz = Ritz.of(alpha, beta, k);
                final double r1 = Math.abs(be * ritz.p1Last);
                final double r2 = Math.abs(be * ritz.p2Last);
                if (r1 <= 1e-14 * ritz.theta1 && (r2 <= 1e-2 * RELATIVE * ritz.theta2 || r2 <= 1e-14 * ritz.theta1)) {
                    break;
                }
            }
            if (!(be > EPS * normF) || k == kMax) {
                break;
            }
            scale(w, 1 / be);
            vs[k] = w;
        }
        if (k < 2) {
            // One step spans an invariant subspace: J is rank one to rounding along v₀ (checked below with θ₂ = 0).
            if (k == 0) {
                return null;
            }
            ritz = Ritz.single(alpha[0]);
        } else if (ritz == null || ritz.k != k) {
            ritz = Ritz.of(alpha, beta, k);
        }
        final double[] u1 = combine(us, ritz.p1, k, m);
        final double[] v1 = combine(vs, ritz.q1, k, n);
        scale(u1, 1 / norm(u1));
        scale(v1, 1 / norm(v1));
        final double theta1 = dot(u1, times(a, m, n, v1));
        if (!(theta1 > 0)) {
            return null;
        }
        final double rho1 = residual(a, m, n, normF, theta1, u1, v1);
        final double f1 = deflatedFrobenius(a, m, n, normF, theta1, u1, v1, 0, null, null);
        final double gap = theta1 - rho1 - f1;
        if (!(gap > 0) || !(Math.sqrt(2) * rho1 / gap <= MAX_ANGLE)) {
            return null;
        }
        if (f1 <= TINY * theta1) {
            return new LeadingSingularPair(theta1, f1, u1, v1);
        }
        if (k < 2) {
            return null;
        }
        final double[] u2 = combine(us, ritz.p2, k, m);
        final double[] v2 = combine(vs, ritz.q2, k, n);
        scale(u2, 1 / norm(u2));
        scale(v2, 1 / norm(v2));
        final double theta2 = dot(u2, times(a, m, n, v2));
        if (!(theta2 > 0)) {
            return null;
        }
        final double rho2 = residual(a, m, n, normF, theta2, u2, v2);
        final double f2 = deflatedFrobenius(a, m, n, normF, theta1, u1, v1, theta2, u2, v2);
        if (rho2 <= RELATIVE * theta2 && theta2 - rho2 > f2 && theta2 + rho2 < theta1 - rho1) {
            return new LeadingSingularPair(theta1, theta2, u1, v1);
        }
        return null;
    }

    /** {@code √((‖Jv − θu‖² + ‖Jᵀu − θv‖²)/2)}, enlarged by the rounding of the products. */
    private static double residual(double[] a, int m, int n, double normF, double theta, double[] u, double[] v) {
        final double[] jv = times(a, m, n, v);
        final double[] ju = timesTransposed(a, m, n, u);
        double s = 0;
        for (int r = 0; r < m; r++) {
            final double d = jv[r] - theta * u[r];
            s += d * d;
        }
        double t = 0;
        for (int c = 0; c < n; c++) {
            final double d = ju[c] - theta * v[c];
            t += d * d;
        }
        // each product entry has rounding at most (row length)·ε·‖row‖·‖vector‖; ‖·‖₂ of that is ≤ max(m,n)·ε·‖J‖_F
        return Math.sqrt((s + t) / 2) + 2 * Math.max(m, n) * EPS * (normF + theta);
    }

    /**
     * An upper bound on {@code ‖J − θ₁u₁v₁ᵀ − θ₂u₂v₂ᵀ‖_F} (the second term left out when {@code u2 == null}): the
     * computed sum of squares, enlarged by its rounding (relative {@code (mn + 2)ε}) and by the rounding of the
     * subtracted products (at most {@code 3ε(θ₁ + θ₂)} in Frobenius norm, for unit vectors).
     */
    private static double deflatedFrobenius(double[] a, int m, int n, double normF, double theta1, double[] u1,
                                            double[] v1, double theta2, double[] u2, double[] v2) {
        double s = 0;
        for (int r = 0; r < m; r++) {
            final double c1 = theta1 * u1[r];
            final double c2 = u2 == null ? 0 : theta2 * u2[r];
            final int row = r * n;
            if (u2 == null) {
                for (int c = 0; c < n; c++) {
                    final double d = a[row + c] - c1 * v1[c];
                    s += d * d;
                }
            } else {
                for (int c = 0; c < n; c++) {
                    final double d = a[row + c] - c1 * v1[c] - c2 * v2[c];
                    s += d * d;
                }
            }
        }
        final double f = Math.sqrt(s) * (1 + ((double) m * n + 2) * EPS);
        return f + 3 * EPS * (theta1 + theta2) + EPS * normF;
    }

    /** The top two singular triplets of the {@code k×k} upper bidiagonal matrix (α on the diagonal, β above). */
    private record Ritz(int k, double theta1, double theta2, double[] p1, double[] q1, double[] p2, double[] q2,
                        double p1Last, double p2Last) {

        static Ritz single(double alpha) {
            return new Ritz(1, alpha, 0, new double[]{1}, new double[]{1}, null, null, 1, 0);
        }

        static Ritz of(double[] alpha, double[] beta, int k) {
            DMatrixRMaj b = new DMatrixRMaj(k, k);
            for (int i = 0; i < k; i++) {
                b.set(i, i, alpha[i]);
                if (i + 1 < k) {
                    b.set(i, i + 1, beta[i + 1]);
                }
            }
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(k, k, true, true, false);
            if (!svd.decompose(b)) {
                throw new ArithmeticException("SVD of the bidiagonal matrix did not converge");
            }
            DMatrixRMaj p = svd.getU(null, false);
            DMatrixRMaj w = svd.getW(null);
            DMatrixRMaj q = svd.getV(null, false);
            SingularOps_DDRM.descendingOrder(p, false, w, q, false);
            double[] p1 = column(p, 0);
            double[] p2 = column(p, 1);
            return new Ritz(k, w.get(0, 0), w.get(1, 1), p1, column(q, 0), p2, column(q, 1), p1[k - 1], p2[k - 1]);
        }

        private static double[] column(DMatrixRMaj x, int c) {
            double[] out = new double[x.numRows];
            for (int r = 0; r < x.numRows; r++) {
                out[r] = x.get(r, c);
            }
            return out;
        }
    }

    /** {@code Σ_i coef[i]·basis[i]}, {@code i < k}. */
    private static double[] combine(double[][] basis, double[] coef, int k, int len) {
        double[] out = new double[len];
        for (int i = 0; i < k; i++) {
            axpy(coef[i], basis[i], out);
        }
        return out;
    }

    /** Two passes of classical Gram–Schmidt against {@code basis[0..count)} ("twice is enough"). */
    private static void reorthogonalise(double[] x, double[][] basis, int count) {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < count; i++) {
                axpy(-dot(basis[i], x), basis[i], x);
            }
        }
    }

    private static double[] times(double[] a, int m, int n, double[] v) {
        double[] out = new double[m];
        for (int r = 0; r < m; r++) {
            out[r] = JacobianParametrisation.dot(a, r * n, v, n);
        }
        return out;
    }

    private static double[] timesTransposed(double[] a, int m, int n, double[] u) {
        double[] out = new double[n];
        for (int r = 0; r < m; r++) {
            final double ur = u[r];
            final int row = r * n;
            for (int c = 0; c < n; c++) {
                out[c] += ur * a[row + c];
            }
        }
        return out;
    }

    private static void axpy(double s, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += s * x[i];
        }
    }

    private static void scale(double[] x, double s) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= s;
        }
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }
}
