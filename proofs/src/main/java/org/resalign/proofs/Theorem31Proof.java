package org.resalign.proofs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.hipparchus.fraction.BigFraction;
import org.hipparchus.linear.FieldMatrix;
import org.resalign.core.thm31.Theorem31Check;
import org.resalign.core.thm31.Theorem31Construction;
import org.resalign.core.thm31.Theorem31Result;
import org.resalign.core.thm31.Violation;

/**
 * The proof of Theorem 3.1 (paper §3.2; proof in App. A): in a pre-activation ResNet whose Jacobian linearisations
 * are exact, (RA2+3+4) imply (RA1). Steps A1–A8 follow the appendix line by line; {@code proofs/theorem-3.1.md}
 * is the same proof in prose.
 */
public final class Theorem31Proof implements AuditedProof {

    @Override
    public String theorem() {
        return "3.1";
    }

    @Override
    public String statement() {
        return "For binary classification, in a pre-activation ResNet whose Jacobian linearisations are exact and "
                + "satisfy (RA2+3+4), the representations h_1, …, h_{L+1} of an input are equispaced on a line (RA1).";
    }

    @Override
    public String section() {
        return "§3.2 (statement), App. A (proof)";
    }

    @Override
    public List<Step> steps() {
        return List.of(
                new Step("A1", "App. A, h_{i+1} = (I+J_i)h_i",
                        "Exact linearisation F(h_i; W_i) = J_i h_i turns h_{i+1} = h_i + F(h_i) into "
                                + "h_{i+1} = (I + J_i) h_i.",
                        Method.SYMBOLIC, s -> Symbolic.identity(A1_SYMBOLS, "Expand", "h + J.h", "(IdentityMatrix(2) + J).h"),
                        new Step.Twin("A branch with a bias, F(h) = J h + b, also gives h_{i+1} = (I + J_i) h_i.",
                                Flaw.MISSING_CONDITION, Method.SYMBOLIC,
                                s -> Symbolic.identity(A1_SYMBOLS, "Expand", "h + (J.h + b)", "(IdentityMatrix(2) + J).h",
                                        "b", "{1, 0}"))),
                new Step("A2", "App. A, J_i = U_0 S_i U_0ᵀ",
                        "(RA2) with the top left and right singular vectors equal, U_i = V_i = U_0 for every block, "
                                + "gives J_i = U_0 S_i U_0ᵀ: one orthogonal U_0 diagonalises every J_i, with "
                                + "non-negative diagonal S_i.",
                        Method.EXACT, Theorem31Proof::commonFrame,
                        new Step.Twin("Alignment up to sign, |⟨u₁(J_i), v₁(J_i)⟩| = 1 (as RA2 is measured), "
                                + "suffices: with J_i = −(1/i)·uuᵀ the representations are still equispaced.",
                                Flaw.WRONG_CONSTANT, Method.EXACT, s -> reversedOrientation())),
                new Step("A3", "App. A, eq. (2)",
                        "For a square orthogonal U_0, Π_{i=1}^{k−1} (I + U_0 S_i U_0ᵀ) h_1 = "
                                + "U_0 (Π_{i=1}^{k−1} (I + S_i)) U_0ᵀ h_1.",
                        Method.EXACT, Theorem31Proof::equationTwo,
                        new Step.Twin("Eq. (2) also holds when U_0 holds only the top r < D singular vectors "
                                + "(D×r with orthonormal columns).",
                                Flaw.MISSING_CONDITION, Method.EXACT, Theorem31Proof::equationTwoTruncated)),
                new Step("A4", "App. A, rank one",
                        "With rank-one Jacobians, S_i = diag(s_i, 0, …, 0): h_k = U_{0,1} Π(1 + s_i) U_{0,1}ᵀ h_1 "
                                + "+ (I − U_{0,1}U_{0,1}ᵀ) h_1.",
                        Method.EXACT, Theorem31Proof::rankOne,
                        new Step.Twin("(RA3) read as rank ≤ C = 2 for binary classification suffices: a second "
                                + "singular direction that does not follow RA4 still leaves the points on a line.",
                                Flaw.MISSING_CONDITION, Method.EXACT, s -> rankTwo())),
                new Step("A5", "App. A, (RA4)",
                        "If s_i = 1/(i + b) (1/σ₁ = i + b, slope exactly 1, any offset b > −1), then "
                                + "Π_{i=1}^{k−1} (1 + s_i) = (k + b)/(1 + b), affine in k with step 1/(1 + b).",
                        Method.SYMBOLIC, s -> offsetInduction(),
                        new Step.Twin("Any inverse scaling with depth will do: s_i = 1/(2i) also gives "
                                + "equispaced points.",
                                Flaw.WRONG_CONSTANT, Method.EXACT, s -> slopeTwo())),
                new Step("A6", "App. A, telescoping product",
                        "Π_{i=1}^{k−1} (1 + 1/i) = k for every k ≥ 1.",
                        Method.SYMBOLIC, Theorem31Proof::telescoping,
                        new Step.Twin("As printed: S_{i,1} = 1/4, and Π_{i=1}^{k−1} (1 + S_{i,1}) = k.",
                                Flaw.AS_READ, Method.EXACT, s -> printedQuarter())),
                new Step("A7", "App. A, last display",
                        "k·Ph_1 + (I − P)h_1 = (k − 1)·Ph_1 + h_1 for P = U_{0,1}U_{0,1}ᵀ (for any matrix P).",
                        Method.SYMBOLIC, s -> Symbolic.identity(A7_SYMBOLS, "Expand", "k*P.h + (IdentityMatrix(2) - P).h",
                                "(k - 1)*P.h + h"),
                        new Step.Twin("k·Ph_1 + (I − P)h_1 = k·Ph_1 + h_1.", Flaw.WRONG_CONSTANT, Method.SYMBOLIC,
                                s -> Symbolic.identity(A7_SYMBOLS, "Expand", "k*P.h + (IdentityMatrix(2) - P).h", "k*P.h + h",
                                        "P", "{{1, 0}, {0, 0}}", "h_1", "{1, 0}"))),
                new Step("A8", "App. A, conclusion",
                        "h_k = h_1 + (k − 1)·d with d = U_{0,1}U_{0,1}ᵀh_1: the representations are equispaced on a "
                                + "line (RA1), checked by propagating h_{i+1} = (I + (1/i)uuᵀ)h_i in double precision "
                                + "and measuring RA1.",
                        Method.NUMERIC, Theorem31Proof::propagated,
                        new Step.Twin("RA1 holds with a positive spacing for every input h_1.",
                                Flaw.MISSING_CONDITION, Method.EXACT, s -> orthogonalInput())));
    }

    @Override
    public List<PaperNote> notes() {
        return List.of(
                new PaperNote("A6", "as read", "The copy of the paper read here has App. A say “According to "
                        + "(RA4), S_{i,1} = 1/4”. The step needs S_{i,1} = 1/i: the next display uses 1/i, and with 1/4 "
                        + "the product is (5/4)^{k−1}, not k (the twin of A6 fails at k = 2). It may be the copy's "
                        + "transcription; the published paper is not checked here."),
                new PaperNote("A4", "hidden assumption", "(RA3) says rank ≤ C, which is 2 for binary "
                        + "classification, but the proof uses rank one. With a second singular direction whose value "
                        + "does not follow 1/i the representations leave the line (the twin of A4). The proof needs "
                        + "rank C − 1 = 1 (one logit), or every retained singular value following RA4."),
                new PaperNote("A2", "hidden assumption", "(RA2) as observed, and as any alignment score measures it, "
                        + "is alignment up to sign. The proof needs u₁ = +v₁ (each J_i positive on the aligned "
                        + "direction): with J_i = −(1/i)uuᵀ, perfectly aligned up to sign, the first block removes the "
                        + "u-component and the trajectory stops (the twin of A2)."),
                new PaperNote("A5", "hidden assumption", "(RA4) “scale inversely with depth” is not enough: "
                        + "equispacing needs σ₁(J_i) = 1/(i + b) exactly, slope 1 in 1/σ₁ = a·i + b (any offset "
                        + "b > −1 is fine, A5). With σ₁ = 1/(2i) the points stay on the line but their spacing "
                        + "shrinks (the twin of A5)."),
                new PaperNote("A3", "unclear", "Eq. (2) needs U_0 square and orthogonal (a full basis); the rank-one "
                        + "line after it then adds (I − U_{0,1}U_{0,1}ᵀ)h_1 by hand. With U_0 holding only the top "
                        + "singular vectors, eq. (2) drops the part of h_1 outside their span (the twin of A3)."),
                new PaperNote("A8", "hidden assumption", "The line is degenerate when U_{0,1}ᵀh_1 = 0: every h_k "
                        + "equals h_1 (the twin of A8). RA1 with a positive spacing needs h_1 not orthogonal to the "
                        + "aligned direction."),
                new PaperNote("A1", "hidden assumption", "“Jacobian linearizations are exact” must mean "
                        + "F(h_i) = J_i h_i along the trajectory (no constant term): a residual branch with a bias, "
                        + "F(h) = Jh + b, breaks h_{i+1} = (I + J_i)h_i (the twin of A1)."));
    }

    private static final String A1_SYMBOLS = "J = {{j11, j12}, {j21, j22}}, h = {h1, h2}, b = {b1, b2}";
    private static final String A7_SYMBOLS = "P = {{p11, p12}, {p21, p22}}, h = {h1, h2}";

    // ----------------------------------------------------------------------------------------------------------
    // A2

    private static Evidence commonFrame(AuditSettings settings) {
        RandomGenerator rng = settings.random("A2");
        int count = settings.count(30, 300);
        for (int t = 0; t < count; t++) {
            int n = 2 + rng.nextInt(settings.thorough() ? 6 : 4);
            int blocks = 2 + rng.nextInt(4);
            FieldMatrix<BigFraction> u = Rationals.orthogonal(rng, n);
            if (!Rationals.equal(u.transpose().multiply(u), Rationals.identity(n))) {
                return Evidence.refuted(t + 1, Evidence.witness("U_0", Rationals.text(u)), "U_0ᵀU_0 ≠ I");
            }
            for (int i = 0; i < blocks; i++) {
                FieldMatrix<BigFraction> s = randomDiagonal(rng, n);
                FieldMatrix<BigFraction> j = u.multiply(s).multiply(u.transpose());
                // (U_0, S_i, U_0) is an SVD of J_i: J_i U_0 = U_0 S_i and J_iᵀ U_0 = U_0 S_i, and U_0 diagonalises
                // every block (the RA2 grid U_0ᵀ J_i U_0 is exactly diagonal, alignment score 1)
                boolean svd = Rationals.equal(j.multiply(u), u.multiply(s))
                        && Rationals.equal(j.transpose().multiply(u), u.multiply(s));
                if (!svd || !Rationals.equal(u.transpose().multiply(j).multiply(u), s)) {
                    return Evidence.refuted(t + 1, Evidence.witness("U_0", Rationals.text(u), "S_i",
                            Rationals.text(s)), "U_0 S_i U_0ᵀ does not have the SVD (U_0, S_i, U_0)");
                }
            }
        }
        double worst = signedAlignment(rng, count);
        if (!(worst <= 1e-10)) {
            return Evidence.refuted(count, Evidence.witness("max deviation", worst), "EJML's SVD of U_0S_iU_0ᵀ "
                    + "does not give equal left and right singular vectors shared across blocks");
        }
        return Evidence.held(count, "exact equality", 0, 0, count + " random rational orthogonal U_0 (Cayley "
                + "transforms, D = 2…" + (settings.thorough() ? 7 : 5) + ") with 2–5 blocks of non-negative S_i: "
                + "J_iU_0 = U_0S_i, J_iᵀU_0 = U_0S_i and U_0ᵀJ_iU_0 = S_i exactly; conversely EJML's SVD of "
                + 3 * count + " such J_i (" + count + " sets of 3 blocks, D = 2…6) in double precision returns u_k = +v_k, shared by all blocks up to sign, to "
                + String.format(Locale.ROOT, "%.1e", worst) + ": the hypothesis and the form coincide");
    }

    /**
     * The largest of {@code |u_k·v_k − 1|} and {@code 1 − |u_k(J_i)·u_k(J_1)|} over the top singular pairs of
     * {@code J_i = Q diag(s_i) Qᵀ} computed independently by EJML ({@code Q} a random rotation, distinct positive
     * {@code s_i}).
     */
    private static double signedAlignment(RandomGenerator rng, int count) {
        double worst = 0;
        for (int t = 0; t < count; t++) {
            int n = 2 + rng.nextInt(5);
            DMatrixRMaj q = Dense.rotation(rng, n);
            DMatrixRMaj first = null;
            for (int i = 0; i < 3; i++) {
                double[] s = new double[n];
                for (int k = 0; k < n; k++) {
                    s[k] = n - k + 0.3 * rng.nextDouble(); // descending, gaps ≥ 0.7
                }
                Dense.Svd svd = Dense.svd(Dense.symmetric(q, s));
                for (int k = 0; k < n; k++) {
                    double uv = 0;
                    double shared = 0;
                    for (int a = 0; a < n; a++) {
                        uv += svd.u().get(a, k) * svd.v().get(a, k);
                        shared += svd.u().get(a, k) * (first == null ? svd.u() : first).get(a, k);
                    }
                    worst = Math.max(worst, Math.max(Math.abs(uv - 1), 1 - Math.abs(shared)));
                }
                first = first == null ? svd.u() : first;
            }
        }
        return worst;
    }

    /** J_i = −(1/i)e₁e₁ᵀ in D = 2: aligned up to sign, and the trajectory stops after one block. */
    private static Evidence reversedOrientation() {
        int depth = 4;
        FieldMatrix<BigFraction> h = Rationals.column(BigFraction.ONE, BigFraction.ONE);
        List<String> points = new ArrayList<>(List.of(Rationals.text(h)));
        List<String> spacings = new ArrayList<>();
        for (int i = 1; i <= depth; i++) {
            FieldMatrix<BigFraction> j = Rationals.diagonal(new BigFraction(-1, i), BigFraction.ZERO);
            FieldMatrix<BigFraction> next = Rationals.identity(2).add(j).multiply(h);
            FieldMatrix<BigFraction> step = next.subtract(h);
            spacings.add(Rationals.text(step.transpose().multiply(step).getEntry(0, 0)));
            h = next;
            points.add(Rationals.text(h));
        }
        boolean equispaced = spacings.stream().distinct().count() == 1;
        if (equispaced) {
            return Evidence.held(1, "exact", 0, 0, "the reversed orientation kept the spacing");
        }
        return Evidence.refuted(1, Evidence.witness("J_i", "−(1/i)·e₁e₁ᵀ (left singular vector e₁, right −e₁, "
                        + "|⟨u₁, v₁⟩| = 1)", "h_1…h_5", String.join(", ", points), "squared spacings",
                String.join(", ", spacings)),
                "the first block removes the e₁ component (1 − 1/1 = 0) and every later block leaves h unchanged");
    }

    // ----------------------------------------------------------------------------------------------------------
    // A3

    private static Evidence equationTwo(AuditSettings settings) {
        RandomGenerator rng = settings.random("A3");
        int count = settings.count(30, 300);
        for (int t = 0; t < count; t++) {
            int n = 2 + rng.nextInt(settings.thorough() ? 5 : 3);
            int k = 2 + rng.nextInt(settings.thorough() ? 12 : 6);
            FieldMatrix<BigFraction> u = Rationals.orthogonal(rng, n);
            Recursion r = recursion(rng, u, n, k);
            if (!Rationals.equal(r.lhs, r.rhs)) {
                return Evidence.refuted(t + 1, r.witness(u), "eq. (2) fails");
            }
        }
        return Evidence.held(count, "exact equality", 0, 0, count + " random instances, D = 2…"
                + (settings.thorough() ? 6 : 4) + ", k = 2…" + (settings.thorough() ? 13 : 7)
                + ", rational orthogonal U_0, non-negative rational S_i, rational h_1");
    }

    private static Evidence equationTwoTruncated(AuditSettings settings) {
        RandomGenerator rng = settings.random("A3/twin");
        for (int t = 0; t < 100; t++) {
            int n = 2 + rng.nextInt(3);
            int r = 1 + rng.nextInt(n - 1);
            FieldMatrix<BigFraction> u = Rationals.orthogonal(rng, n).getSubMatrix(0, n - 1, 0, r - 1);
            Recursion rec = recursion(rng, u, n, 2 + rng.nextInt(4));
            if (!Rationals.equal(rec.lhs, rec.rhs)) {
                return Evidence.refuted(t + 1, rec.witness(u), "with r = " + r + " < D = " + n + " the right side "
                        + "drops the component of h_1 outside span(U_0)");
            }
        }
        return Evidence.held(100, "exact equality", 0, 0, "no counterexample in 100 instances");
    }

    /** Both sides of eq. (2) for orthonormal columns {@code u} (n×r) and random S_i (r×r), h_1 (n). */
    private static Recursion recursion(RandomGenerator rng, FieldMatrix<BigFraction> u, int n, int k) {
        int r = u.getColumnDimension();
        FieldMatrix<BigFraction> h1 = Rationals.random(rng, n, 1, 5);
        FieldMatrix<BigFraction> lhs = h1;
        FieldMatrix<BigFraction> inner = Rationals.identity(r);
        List<String> diagonals = new ArrayList<>();
        for (int i = 1; i < k; i++) {
            FieldMatrix<BigFraction> s = randomDiagonal(rng, r);
            diagonals.add(Rationals.text(s));
            lhs = Rationals.identity(n).add(u.multiply(s).multiply(u.transpose())).multiply(lhs);
            inner = Rationals.identity(r).add(s).multiply(inner);
        }
        FieldMatrix<BigFraction> rhs = u.multiply(inner).multiply(u.transpose()).multiply(h1);
        return new Recursion(h1, lhs, rhs, diagonals);
    }

    private record Recursion(FieldMatrix<BigFraction> h1, FieldMatrix<BigFraction> lhs,
                             FieldMatrix<BigFraction> rhs, List<String> diagonals) {
        java.util.Map<String, Object> witness(FieldMatrix<BigFraction> u) {
            return Evidence.witness("U_0", Rationals.text(u), "S_1…S_{k−1}", String.join(", ", diagonals),
                    "h_1", Rationals.text(h1), "Π(I + U_0S_iU_0ᵀ)h_1", Rationals.text(lhs),
                    "U_0Π(I + S_i)U_0ᵀh_1", Rationals.text(rhs));
        }
    }

    private static FieldMatrix<BigFraction> randomDiagonal(RandomGenerator rng, int n) {
        BigFraction[] d = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            d[i] = Rationals.nonNegative(rng, 4);
        }
        return Rationals.diagonal(d);
    }

    // ----------------------------------------------------------------------------------------------------------
    // A4

    private static Evidence rankOne(AuditSettings settings) {
        RandomGenerator rng = settings.random("A4");
        int count = settings.count(30, 300);
        for (int t = 0; t < count; t++) {
            int n = 2 + rng.nextInt(settings.thorough() ? 5 : 3);
            int k = 2 + rng.nextInt(settings.thorough() ? 12 : 6);
            FieldMatrix<BigFraction> u = Rationals.orthogonal(rng, n).getSubMatrix(0, n - 1, 0, 0);
            FieldMatrix<BigFraction> projector = u.multiply(u.transpose());
            FieldMatrix<BigFraction> h1 = Rationals.random(rng, n, 1, 5);
            FieldMatrix<BigFraction> h = h1;
            BigFraction product = BigFraction.ONE;
            for (int i = 1; i < k; i++) {
                BigFraction s = Rationals.nonNegative(rng, 4);
                h = Rationals.identity(n).add(projector.scalarMultiply(s)).multiply(h);
                product = product.multiply(BigFraction.ONE.add(s));
            }
            FieldMatrix<BigFraction> predicted = projector.scalarMultiply(product).multiply(h1)
                    .add(Rationals.identity(n).subtract(projector).multiply(h1));
            if (!Rationals.equal(h, predicted)) {
                return Evidence.refuted(t + 1, Evidence.witness("U_{0,1}", Rationals.text(u), "h_1",
                        Rationals.text(h1), "h_k", Rationals.text(h), "predicted", Rationals.text(predicted)),
                        "the rank-one form fails");
            }
        }
        return Evidence.held(count, "exact equality", 0, 0, count + " random instances: rational unit U_{0,1} "
                + "(a column of a Cayley-orthogonal matrix), non-negative rational s_i, rational h_1");
    }

    /** D = 2, U_0 = I, s_{i,1} = 1/i, s_{i,2} = 1/2, h_1 = (1, 1): h_1, h_2, h_3 are not collinear. */
    private static Evidence rankTwo() {
        FieldMatrix<BigFraction> h1 = Rationals.column(BigFraction.ONE, BigFraction.ONE);
        FieldMatrix<BigFraction> h2 = Rationals.diagonal(new BigFraction(2), new BigFraction(3, 2)).multiply(h1);
        FieldMatrix<BigFraction> h3 = Rationals.diagonal(new BigFraction(3, 2), new BigFraction(3, 2)).multiply(h2);
        FieldMatrix<BigFraction> a = h2.subtract(h1);
        FieldMatrix<BigFraction> b = h3.subtract(h1);
        BigFraction det = a.getEntry(0, 0).multiply(b.getEntry(1, 0)).subtract(a.getEntry(1, 0).multiply(
                b.getEntry(0, 0)));
        if (det.equals(BigFraction.ZERO)) {
            return Evidence.held(1, "exact", 0, 0, "the points are collinear");
        }
        return Evidence.refuted(1, Evidence.witness("J_i", "diag(1/i, 1/2) (rank 2 = C)", "h_1", Rationals.text(h1),
                "h_2", Rationals.text(h2), "h_3", Rationals.text(h3), "det[h_2 − h_1, h_3 − h_1]",
                Rationals.text(det)), "three representations that are not on one line");
    }

    // ----------------------------------------------------------------------------------------------------------
    // A5, A6

    private static Evidence offsetInduction() {
        Evidence base = Symbolic.identity("", "Simplify", "(1 + b)/(1 + b)", "1");
        Evidence step = Symbolic.identity("", "Simplify", "(k + b)/(1 + b)*(1 + 1/(k + b))", "(k + 1 + b)/(1 + b)");
        Evidence spacing = Symbolic.identity("", "Simplify", "(k + 1 + b)/(1 + b) - (k + b)/(1 + b)", "1/(1 + b)");
        for (Evidence e : List.of(base, step, spacing)) {
            if (!e.holds()) {
                return e;
            }
        }
        return Evidence.identity("induction on k: base k = 1, empty product 1 = (1+b)/(1+b); step: " + step.detail()
                + "; spacing: " + spacing.detail());
    }

    /** s_i = 1/(2i): P(1) = 1, P(2) = 3/2, P(3) = 15/8, second difference −1/8. */
    private static Evidence slopeTwo() {
        BigFraction[] p = new BigFraction[4];
        p[1] = BigFraction.ONE;
        for (int k = 2; k <= 3; k++) {
            p[k] = p[k - 1].multiply(BigFraction.ONE.add(new BigFraction(1, 2 * (k - 1))));
        }
        BigFraction second = p[3].subtract(p[2].multiply(2)).add(p[1]);
        if (second.equals(BigFraction.ZERO)) {
            return Evidence.held(1, "exact", 0, 0, "the spacing is constant");
        }
        return Evidence.refuted(1, Evidence.witness("s_i", "1/(2i)", "Π(1+s_i) for k = 1, 2, 3",
                Rationals.text(p[1]) + ", " + Rationals.text(p[2]) + ", " + Rationals.text(p[3]),
                "second difference", Rationals.text(second)),
                "the steps along the line are 1/2 then 3/8: on the line, not equispaced");
    }

    private static Evidence telescoping(AuditSettings settings) {
        Evidence step = Symbolic.identity("", "Simplify", "k*(1 + 1/k)", "k + 1");
        if (!step.holds()) {
            return step;
        }
        int upTo = settings.count(2_000, 20_000);
        BigFraction product = BigFraction.ONE;
        for (int k = 1; k <= upTo; k++) {
            if (!product.equals(new BigFraction(k))) {
                return Evidence.refuted(k, Evidence.witness("k", k, "product", Rationals.text(product)),
                        "the exact product differs from k");
            }
            product = product.multiply(BigFraction.ONE.add(new BigFraction(1, k)));
        }
        return Evidence.held(upTo, "symbolic induction and exact values", 0, 0, "induction on k: base k = 1, "
                + "empty product 1; step: " + step.detail() + "; and exactly in BigFraction for k = 1…" + upTo);
    }

    private static Evidence printedQuarter() {
        BigFraction product = BigFraction.ONE.add(new BigFraction(1, 4));
        if (product.equals(new BigFraction(2))) {
            return Evidence.held(1, "exact", 0, 0, "the printed constant gives k at k = 2");
        }
        return Evidence.refuted(1, Evidence.witness("k", 2, "Π_{i=1}^{1}(1 + 1/4)", Rationals.text(product),
                "k", 2), "(5/4)^{k−1} ≠ k already at k = 2; symbolically the induction step k(1 + 1/4) − (k + 1) = "
                + Symbolic.eval("Together(k*(1 + 1/4) - (k + 1))") + " vanishes only at k = 4");
    }

    // ----------------------------------------------------------------------------------------------------------
    // A8

    private static Evidence propagated(AuditSettings settings) {
        RandomGenerator rng = settings.random("A8");
        int count = settings.count(40, 400);
        double worst = 0;
        double tol = Theorem31Check.DEFAULT_TOLERANCE;
        for (int t = 0; t < count; t++) {
            int dim = 2 + rng.nextInt(settings.thorough() ? 256 : 63);
            int depth = 2 + rng.nextInt(settings.thorough() ? 255 : 127);
            Theorem31Construction c = new Theorem31Construction(dim, depth, Violation.NONE, 0, rng.nextLong());
            Theorem31Result r = Theorem31Check.run(c, tol, null, null);
            double w = Math.max(r.predictionError(), Math.max(Math.sqrt(r.ra1().lineDeficit()),
                    r.ra1().spacingCV()));
            if (!(w <= tol)) {
                return Evidence.refuted(t + 1, Evidence.witness("D", dim, "L", depth, "seed", c.seed(),
                        "predictionError", r.predictionError(), "lineDeficit", r.ra1().lineDeficit(), "spacingCV",
                        r.ra1().spacingCV()), "RA1 fails on a construction that satisfies RA2+3+4");
            }
            worst = Math.max(worst, w);
        }
        return Evidence.held(count, "max of closed-form error, √(1 − lineFraction), spacing CV", worst, tol,
                count + " constructions J_i = (1/i)uuᵀ, D = 2…" + (settings.thorough() ? 257 : 64) + ", L = 2…"
                        + (settings.thorough() ? 256 : 128) + ", random u and h_1 (core Theorem31Check)");
    }

    /** u = e₁, h_1 = e₂: every h_k = h_1. */
    private static Evidence orthogonalInput() {
        FieldMatrix<BigFraction> h = Rationals.column(BigFraction.ZERO, BigFraction.ONE);
        FieldMatrix<BigFraction> h1 = h;
        for (int i = 1; i <= 4; i++) {
            h = Rationals.identity(2).add(Rationals.diagonal(new BigFraction(1, i), BigFraction.ZERO)).multiply(h);
        }
        if (!Rationals.equal(h, h1)) {
            return Evidence.held(1, "exact", 0, 0, "the trajectory moved");
        }
        return Evidence.refuted(1, Evidence.witness("u", "{1, 0}", "h_1", Rationals.text(h1), "h_5",
                Rationals.text(h), "spacing", 0), "U_{0,1}ᵀh_1 = 0: every block leaves h_1 unchanged");
    }
}
