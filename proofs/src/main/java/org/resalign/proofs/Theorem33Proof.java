package org.resalign.proofs;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.hipparchus.fraction.BigFraction;
import org.hipparchus.linear.FieldMatrix;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.ujm.AlignedFamily;
import org.resalign.core.ujm.AlignedOptimum;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.Theorem33Verdict;
import org.resalign.core.ujm.UjmData;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolver;
import org.resalign.core.ujm.UnconstrainedJacobiansModel;

/**
 * The proof of Theorem 3.3 (paper §3.3; proof in App. B): for binary classification the Unconstrained Jacobians
 * Model (Definition 3.2) has a global optimum whose Jacobians are aligned (RA2), rank one (RA3) and have equal top
 * singular values (RA4's analogue). Steps B0–B16 follow the appendix line by line; {@code proofs/theorem-3.3.md}
 * is the same proof in prose.
 */
public final class Theorem33Proof implements AuditedProof {

    @Override
    public String theorem() {
        return "3.3";
    }

    @Override
    public String statement() {
        return "For binary classification, the Unconstrained Jacobians Model has a global optimum where the top "
                + "singular vectors of the Jacobians are aligned (RA2), every Jacobian has rank one (RA3) and the top "
                + "singular values are equal (RA4's analogue).";
    }

    @Override
    public String section() {
        return "§3.3 (statement, Definition 3.2), App. B (proof)";
    }

    @Override
    public List<Step> steps() {
        return List.of(
                new Step("B0", "App. B, “take any solution” (implicit)",
                        "For λ > 0 a global optimum exists: f(θ) ≥ λ/2 ‖θ‖² because ℓ ≥ 0, so f is coercive and "
                                + "continuous.",
                        Method.NUMERIC, Theorem33Proof::coercive,
                        new Step.Twin("With λ = 0 a global optimum still exists.", Flaw.MISSING_CONDITION,
                                Method.SYMBOLIC, s -> noOptimumWithoutRegularisation())),
                new Step("B1", "App. B, “without loss of generality y = 1”",
                        "f(J, w; y = −1) = f(J, −w; y = +1): the label's sign moves into w, whose penalty is even.",
                        Method.NUMERIC, s -> labelSymmetry(s, false),
                        new Step.Twin("The label does not matter: f(J, w; −1) = f(J, w; +1).", Flaw.MISSING_CONDITION,
                                Method.NUMERIC, s -> labelSymmetry(s, true))),
                new Step("B2", "App. B, cyclic property of the trace",
                        "wᵀ Π_{i=1}^{L}(I + J_i) Δx = tr{Δx wᵀ Π_{i=1}^{L}(I + J_i)}.",
                        Method.SYMBOLIC, s -> Symbolic.identity(B2_SYMBOLS, "Expand", "w.m.x",
                                "Tr(Outer(Times, x, w).m)"),
                        new Step.Twin("wᵀ M Δx = tr{w Δxᵀ M} (the outer product transposed).", Flaw.WRONG_CONSTANT,
                                Method.SYMBOLIC, s -> Symbolic.identity(B2_SYMBOLS, "Expand", "w.m.x",
                                        "Tr(Outer(Times, w, x).m)", "w", "{1, 0, 0}", "Δx", "{0, 1, 0}", "M",
                                        "e₁e₂ᵀ: wᵀMΔx = 1, tr{wΔxᵀM} = 0"))),
                new Step("B3", "App. B, expansion over the power set",
                        "Π_{i=1}^{L}(I + J_i) = Σ_{s ∈ P(L)} Π_{i ∈ s} J_i, each product taken in decreasing index "
                                + "order (J_L leftmost), as the factors appear.",
                        Method.EXACT, s -> subsetExpansion(s, false),
                        new Step.Twin("The same expansion with the products in increasing order (J_1 leftmost).",
                                Flaw.WRONG_CONSTANT, Method.EXACT, s -> subsetExpansion(s, true))),
                new Step("B4", "App. B, Theorem 2 (Miranda–Thompson)",
                        "sup_{P_j ∈ SO(n)} tr(A_1P_1⋯A_mP_m) = Σ_{i<n} Π_j s_i(A_j) + sign det(A_1⋯A_m) Π_j s_n(A_j), "
                                + "singular values s_n ≥ 0 allowed.",
                        Method.NUMERIC, Theorem33Proof::mirandaThompson,
                        new Step.Twin("The sign term can be dropped: the supremum is Σ_{i≤n} Π_j s_i(A_j) for every "
                                + "A_j.", Flaw.MISSING_CONDITION, Method.SYMBOLIC, s -> unsignedSupremum())),
                new Step("B5", "App. B, first inequality",
                        "tr{Δx wᵀ Π_{i∈s} J_i} ≤ tr{S_{L+1} Π_{i∈s} S_i} = ‖Δx‖‖w‖ Π_{i∈s} σ₁(J_i) for every subset s, "
                                + "whatever the signs of det J_i.",
                        Method.NUMERIC, Theorem33Proof::subsetBound,
                        new Step.Twin("The frames that appear, V_aᵀU_b from the SVDs J = USVᵀ, can always be taken in "
                                + "SO(D), as Theorem 2 requires.", Flaw.MISSING_CONDITION, Method.NUMERIC,
                                s -> reflectedFrames())),
                new Step("B6", "App. B, first inequality, right side",
                        "Σ_{s ∈ P(L)} tr{S_{L+1} Π_{i∈s} S_i} = tr{S_{L+1} Π_{i=1}^{L}(I + S_i)} for diagonal S_i.",
                        Method.SYMBOLIC, s -> Symbolic.identity(B6_SYMBOLS, "Expand", subsetSum(4),
                                "Tr(st.(IdentityMatrix(2) + s1).(IdentityMatrix(2) + s2).(IdentityMatrix(2) + s3)"
                                        + ".(IdentityMatrix(2) + s4))"),
                        new Step.Twin("Σ_{s} tr{S_{L+1} Π_{i∈s} S_i} = tr{S_{L+1}(I + Σ_i S_i)} (first order).",
                                Flaw.WRONG_CONSTANT, Method.SYMBOLIC,
                                s -> Symbolic.identity(B6_SYMBOLS, "Expand", subsetSum(4),
                                        "Tr(st.(IdentityMatrix(2) + s1 + s2 + s3 + s4))", "all entries", 1,
                                        "left side", 32, "right side", 10))),
                new Step("B7", "App. B, equality once aligned",
                        "With J_i' = Q S_i Qᵀ for one orthonormal Q whose first column is Δx/‖Δx‖, and "
                                + "w' = ‖w‖Δx/‖Δx‖: logit' = ‖Δx‖‖w‖Π(1 + σ₁(J_i)) ≥ logit, ‖J_i'‖_F = ‖J_i‖_F, "
                                + "‖w'‖ = ‖w‖.",
                        Method.NUMERIC, s -> alignment(s, false),
                        new Step.Twin("Any w proportional to Δx will do: w' = −‖w‖Δx/‖Δx‖ also raises the logit.",
                                Flaw.WRONG_CONSTANT, Method.NUMERIC, s -> alignment(s, true))),
                new Step("B8", "App. B, “increase the logit, and consequently reduce the loss”",
                        "The logistic loss log(1 + e^{−z}) and the exponential loss e^{−z} are decreasing in the "
                                + "logit z (y = 1).",
                        Method.SYMBOLIC, s -> decreasingLosses(),
                        new Step.Twin("Every loss of the UJM is non-increasing in the logit, the squared loss "
                                + "½(1 − z)² included.", Flaw.MISSING_CONDITION, Method.EXACT, s -> squaredLoss())),
                new Step("B9", "App. B, ‖J_i‖_F² = tr{S_i²}",
                        "‖U S Vᵀ‖_F² = tr{S²} for orthogonal U, V: aligning leaves the regulariser unchanged.",
                        Method.SYMBOLIC, s -> Symbolic.identity("", "Simplify", B9_FROBENIUS, "s1^2 + s2^2"),
                        new Step.Twin("‖U S Vᵀ‖_F² = (tr S)².", Flaw.WRONG_CONSTANT, Method.SYMBOLIC,
                                s -> Symbolic.identity("", "Simplify", B9_FROBENIUS, "(s1 + s2)^2", "S", "diag(1, 1)",
                                        "‖S‖_F²", 2, "(tr S)²", 4))),
                new Step("B10", "App. B, zeroing the other singular values",
                        "With S_{L+1} = diag(t, 0, …, 0), tr{S_{L+1} Π(I + S_i)} depends only on the (1,1) entries: "
                                + "zeroing the others keeps the logit and lowers Σ‖S_i‖² by Σ_i Σ_{k≥2} s_{i,k}².",
                        Method.EXACT, s -> zeroing(s, false),
                        new Step.Twin("Zeroing the top entries instead (keeping the others) also keeps the logit.",
                                Flaw.WRONG_CONSTANT, Method.EXACT, s -> zeroing(s, true))),
                new Step("B11", "App. B, AM–GM",
                        "s_{L+1} Π_{i=1}^{L}(1 + s_i) ≤ s_{L+1} (1 + (1/L) Σ s_i)^L for s_i ≥ 0, with equality iff all "
                                + "s_i are equal.",
                        Method.EXACT, Theorem33Proof::amGm,
                        new Step.Twin("The same holds without s_i ≥ −1, i.e. when factors 1 + s_i may be negative.",
                                Flaw.MISSING_CONDITION, Method.EXACT, s -> amGmNegative())),
                new Step("B12", "App. B, Jensen",
                        "Σ_{i=1}^{L} s_i² ≥ L·s̄² with s̄ = (1/L)Σ s_i: averaging the singular values does not raise "
                                + "the Jacobian regulariser (exactly Σ(s_i − s̄)² lower).",
                        Method.SYMBOLIC, s -> Symbolic.identity("", "Expand", "a^2 + b^2 + c^2 + d^2 - 4*" + MEAN + "^2",
                                ("(a - m)^2 + (b - m)^2 + (c - m)^2 + (d - m)^2").replace("m", MEAN)),
                        new Step.Twin("Averaging raises the regulariser: Σ s_i² ≤ L·s̄².", Flaw.REVERSED,
                                Method.EXACT, s -> jensenReversed())),
                new Step("B13", "App. B, averaging lowers the objective",
                        "For non-increasing ℓ and s_i ≥ 0: ℓ(ω r Π(1 + s_i)) + λ/2(Σ s_i² + ω²) ≥ "
                                + "ℓ(ω r (1 + s̄)^L) + λ/2(L s̄² + ω²).",
                        Method.NUMERIC, Theorem33Proof::averaging,
                        new Step.Twin("Averaging lowers the objective for the squared loss as well.",
                                Flaw.MISSING_CONDITION, Method.NUMERIC, s -> averagingSquared())),
                new Step("B14", "App. B, conclusion; §3.3",
                        "On the aligned family J_i = s·uuᵀ, w = ω·u (u = Δx/‖Δx‖) the UJM objective is "
                                + "f(s, ω) = ℓ(ω‖Δx‖(1 + s)^L) + λ/2 (L s² + ω²).",
                        Method.NUMERIC, s -> reduction(s, false),
                        new Step.Twin("The reduced regulariser is λ/2 (s² + ω²), without the factor L.",
                                Flaw.WRONG_CONSTANT, Method.NUMERIC, s -> reduction(s, true))),
                new Step("B15", "§3.3, the aligned optimum",
                        "At every stationary point of f(s, ω), for any differentiable ℓ: ω² = s(1 + s), since "
                                + "ω ∂f/∂ω − ((1 + s)/L) ∂f/∂s = λ(ω² − s(1 + s)) identically.",
                        Method.SYMBOLIC, Theorem33Proof::stationarity,
                        new Step.Twin("At the aligned optimum ω² = s².", Flaw.WRONG_CONSTANT, Method.NUMERIC,
                                Theorem33Proof::stationarityTwin)),
                new Step("B16", "App. B, conclusion",
                        "The aligned optimum is a global optimum: the full solver over D×D matrices never goes below "
                                + "it, and its optimum has the aligned, rank-one, equal-σ₁ structure (Theorem 3.3's "
                                + "checks (a)–(e)).",
                        Method.NUMERIC, Theorem33Proof::solverAgrees,
                        new Step.Twin("The trivial point J_i = 0, w = 0 is a global optimum.", Flaw.WRONG_CONSTANT,
                                Method.NUMERIC, s -> trivialPoint())));
    }

    @Override
    public List<PaperNote> notes() {
        return List.of(
                new PaperNote("B0", "hidden assumption", "The theorem asserts a global optimum exists, which needs "
                        + "λ > 0 (the statement does not say). With λ = 0 the logistic objective is positive everywhere "
                        + "and tends to 0, so no optimum exists (the twin of B0)."),
                new PaperNote("B3", "as read", "In the copy read here the sum runs over “v ∈ P(L)” while its summand "
                        + "uses s (the letter may be the copy's); and the order of Π_{i∈s} J_i is left implicit. Only decreasing index order (J_L leftmost) is "
                        + "right; increasing order fails for non-commuting J_i (the twin of B3)."),
                new PaperNote("B5", "unclear", "Theorem 2 is quoted over SO(n) and for positive singular values "
                        + "(footnote 7), but the frames between the factors are V_aᵀU_b, orthogonal with determinant "
                        + "sign det J_a, which may be −1 (the twin of B5), and Δx wᵀ has D − 1 zero singular values. "
                        + "The step still holds: over O(n) the bound is Σ_i Π_j s_i(A_j), and with the rank-one "
                        + "factor every term but the first vanishes, which is the paper's right side (B5 checks it "
                        + "on Jacobians of both determinant signs)."),
                new PaperNote("B7", "unclear", "“w proportional to Δx” must be with a positive factor (for y = 1); "
                        + "with a negative one the logit is the bound's negative (the twin of B7)."),
                new PaperNote("B8", "hidden assumption", "“Increase the logit and consequently reduce the loss” needs "
                        + "ℓ non-increasing in the margin: true for the cross-entropy of the paper and the exponential "
                        + "loss, false for the squared loss (the twins of B8 and B13). The proof does not cover the "
                        + "squared loss."),
                new PaperNote("B16", "unclear", "The proof is phrased as a contradiction but is a construction: from "
                        + "any optimum it builds an aligned one that is no worse, so an aligned global optimum exists. "
                        + "It does not show every global optimum is aligned."));
    }

    private static final String MEAN = "((a + b + c + d)/4)";
    private static final String B2_SYMBOLS = "m = {{m11, m12, m13}, {m21, m22, m23}, {m31, m32, m33}}, "
            + "x = {x1, x2, x3}, w = {w1, w2, w3}";
    private static final String B6_SYMBOLS = "st = DiagonalMatrix({t1, t2}), s1 = DiagonalMatrix({a1, b1}), "
            + "s2 = DiagonalMatrix({a2, b2}), s3 = DiagonalMatrix({a3, b3}), s4 = DiagonalMatrix({a4, b4})";
    private static final String B9_FROBENIUS = "Total(Flatten(({{Cos(t), -Sin(t)}, {Sin(t), Cos(t)}}"
            + ".DiagonalMatrix({s1, s2}).Transpose({{Cos(p), -Sin(p)}, {Sin(p), Cos(p)}}))^2))";

    /** Σ over the subsets of {1..L} of Tr(st.s_i.….s_j), indices decreasing. */
    private static String subsetSum(int depth) {
        List<String> terms = new ArrayList<>();
        for (int mask = 0; mask < 1 << depth; mask++) {
            StringBuilder t = new StringBuilder("Tr(st");
            for (int i = depth; i >= 1; i--) {
                if ((mask >> (i - 1) & 1) != 0) {
                    t.append(".s").append(i);
                }
            }
            terms.add(t.append(')').toString());
        }
        return String.join(" + ", terms);
    }

    // ----------------------------------------------------------------------------------------------------------
    // B0, B1

    private static Evidence coercive(AuditSettings settings) {
        RandomGenerator rng = settings.random("B0");
        int count = settings.count(200, 2000);
        double worst = Double.POSITIVE_INFINITY;
        for (int t = 0; t < count; t++) {
            Loss loss = Loss.values()[t % 3];
            int dim = 1 + rng.nextInt(5);
            int depth = 1 + rng.nextInt(5);
            double lambda = Math.pow(10, -4 + 4 * rng.nextDouble());
            UnconstrainedJacobiansModel model = UnconstrainedJacobiansModel.dense(UjmProblem.binary(dim, depth,
                    lambda, loss, 0.1 + 3 * rng.nextDouble(), rng.nextLong()));
            double[] theta = gaussianVector(rng, model.dimension(), 0.05 + 0.5 * rng.nextDouble());
            double value = model.value(theta);
            double slack = (value - lambda / 2 * Dense.dot(theta, theta)) / Math.max(value, Double.MIN_NORMAL);
            if (!(slack >= -1e-12)) {
                return Evidence.refuted(t + 1, Evidence.witness("loss", loss.optionName(), "D", dim, "L", depth,
                        "lambda", lambda, "f", value, "λ/2‖θ‖²", lambda / 2 * Dense.dot(theta, theta)),
                        "f below its regulariser");
            }
            worst = Math.min(worst, slack);
        }
        return Evidence.held(count, "min (f − λ/2‖θ‖²)/f", worst, 1e-12, count + " random points of the dense UJM "
                + "(three losses, D, L = 1…5, λ = 1e-4…1): f ≥ λ/2‖θ‖², so {f ≤ c} is bounded and a minimiser "
                + "exists");
    }

    private static Evidence noOptimumWithoutRegularisation() {
        String limit = Symbolic.eval("Limit(Log(1 + Exp(-t)), t -> Infinity)");
        String derivative = Symbolic.eval("Simplify(D(Log(1 + Exp(-z)), z) + 1/(1 + Exp(z)))");
        if (!limit.equals("0") || !derivative.equals("0")) {
            return Evidence.held(1, "symbolic", Double.NaN, 0, "the limit or the derivative did not come out");
        }
        double[] values = new double[3];
        double[] ts = {10, 20, 40};
        for (int k = 0; k < 3; k++) {
            values[k] = AlignedFamily.objective(Loss.LOGISTIC, 1, 0, 1, 1, 0, ts[k]);
        }
        return Evidence.refuted(1, Evidence.witness("λ", 0, "loss", "logistic", "inf f", "0 = Limit(Log(1 + "
                        + "Exp(-t)), t -> Infinity)", "f(s = 0, ω = t), t = 10, 20, 40", values,
                "f > 0 everywhere", "log(1 + e^{−z}) > 0 for every real z (its derivative −1/(1 + e^z) has no zero)"),
                "the infimum 0 is approached along ω → ∞ and attained nowhere");
    }

    private static Evidence labelSymmetry(AuditSettings settings, boolean twin) {
        RandomGenerator rng = settings.random(twin ? "B1/twin" : "B1");
        int count = twin ? 50 : settings.count(200, 2000);
        double worst = 0;
        for (int t = 0; t < count; t++) {
            Loss loss = Loss.values()[t % 3];
            int dim = 1 + rng.nextInt(5);
            int depth = 1 + rng.nextInt(5);
            double lambda = Math.pow(10, -4 + 4 * rng.nextDouble());
            UnconstrainedJacobiansModel positive = UnconstrainedJacobiansModel.dense(UjmProblem.binary(dim, depth,
                    lambda, loss, 0.1 + 3 * rng.nextDouble(), rng.nextLong()));
            UjmData data = positive.data();
            UnconstrainedJacobiansModel negative = new UnconstrainedJacobiansModel(new UjmData(data.inputs(),
                    new int[] {-data.labels()[0]}, 2), loss, lambda, positive.jacobians());
            double[] theta = gaussianVector(rng, positive.dimension(), 0.05 + 0.5 * rng.nextDouble());
            double[] flipped = theta.clone();
            int offset = positive.jacobians().classifierOffset();
            for (int k = 0; k < dim; k++) {
                flipped[offset + k] = -flipped[offset + k];
            }
            double left = negative.value(theta);
            double right = positive.value(twin ? theta : flipped);
            double error = Math.abs(left - right) / Math.abs(right);
            if (twin && error > 1e-6) {
                return Evidence.refuted(t + 1, Evidence.witness("loss", loss.optionName(), "D", dim, "L", depth,
                        "f(J, w; −1)", left, "f(J, w; +1)", right), "the label changes the objective");
            }
            if (!twin && !(error <= 1e-13)) {
                return Evidence.refuted(t + 1, Evidence.witness("loss", loss.optionName(), "D", dim, "L", depth,
                        "f(J, w; −1)", left, "f(J, −w; +1)", right), "the label does not move into w");
            }
            worst = Math.max(worst, error);
        }
        return Evidence.held(count, "max relative difference", worst, 1e-13, count + " random points of the dense "
                + "UJM, three losses");
    }

    // ----------------------------------------------------------------------------------------------------------
    // B3

    private static Evidence subsetExpansion(AuditSettings settings, boolean increasing) {
        RandomGenerator rng = settings.random(increasing ? "B3/twin" : "B3");
        int count = increasing ? 50 : settings.count(20, 200);
        for (int t = 0; t < count; t++) {
            int n = 2 + rng.nextInt(settings.thorough() ? 3 : 2);
            int depth = 2 + rng.nextInt(settings.thorough() ? 8 : 5);
            List<FieldMatrix<BigFraction>> j = new ArrayList<>();
            FieldMatrix<BigFraction> product = Rationals.identity(n);
            for (int i = 0; i < depth; i++) {
                j.add(Rationals.random(rng, n, n, 3));
                product = Rationals.identity(n).add(j.get(i)).multiply(product);
            }
            FieldMatrix<BigFraction> sum = Rationals.zeros(n, n);
            for (int mask = 0; mask < 1 << depth; mask++) {
                FieldMatrix<BigFraction> term = Rationals.identity(n);
                for (int i = 0; i < depth; i++) {
                    if ((mask >> i & 1) != 0) {
                        term = increasing ? term.multiply(j.get(i)) : j.get(i).multiply(term);
                    }
                }
                sum = sum.add(term);
            }
            if (!Rationals.equal(product, sum)) {
                List<String> js = j.stream().map(Rationals::text).toList();
                return Evidence.refuted(t + 1, Evidence.witness("J_1…J_L", String.join(", ", js),
                        "Π(I + J_i)", Rationals.text(product), "subset sum", Rationals.text(sum)),
                        "the expansion differs from the product");
            }
        }
        return Evidence.held(count, "exact equality", 0, 0, count + " random rational instances, D = 2…"
                + (settings.thorough() ? 4 : 3) + ", L = 2…" + (settings.thorough() ? 9 : 6) + ", all 2^L subsets");
    }

    // ----------------------------------------------------------------------------------------------------------
    // B4, B5

    private static Evidence mirandaThompson(AuditSettings settings) {
        RandomGenerator rng = settings.random("B4");
        int count = settings.count(60, 600);
        int restarts = settings.count(6, 20);
        double worstRandom = Double.POSITIVE_INFINITY;
        double worstGap = 0;
        int singular = 0;
        int negative = 0;
        for (int t = 0; t < count; t++) {
            int n = 2 + rng.nextInt(3);
            int m = 1 + rng.nextInt(4);
            DMatrixRMaj[] a = new DMatrixRMaj[m];
            for (int j = 0; j < m; j++) {
                a[j] = Dense.gaussian(rng, n, n, 1);
                if (rng.nextInt(5) == 0) {
                    a[j] = dropSmallest(a[j]);
                }
            }
            double bound = MirandaThompson.bound(a);
            double scale = scale(a);
            DMatrixRMaj product = CommonOps_DDRM.identity(n);
            for (DMatrixRMaj aj : a) {
                product = Dense.times(product, aj);
            }
            double det = CommonOps_DDRM.det(product);
            singular += Math.abs(det) <= 1e-12 * Math.pow(scale, 1) ? 1 : 0;
            negative += det < 0 ? 1 : 0;
            for (int draw = 0; draw < 20; draw++) {
                DMatrixRMaj[] p = new DMatrixRMaj[m];
                for (int j = 0; j < m; j++) {
                    p[j] = Dense.rotation(rng, n);
                }
                double slack = (bound - MirandaThompson.trace(a, p)) / scale;
                worstRandom = Math.min(worstRandom, slack);
            }
            double best = MirandaThompson.maximise(a, rng, restarts, 2000);
            double gap = (bound - best) / scale;
            if (!(gap >= -1e-12 && gap <= 1e-9) || !(worstRandom >= -1e-12)) {
                return Evidence.refuted(t + 1, Evidence.witness("n", n, "m", m, "bound", bound, "best trace found",
                        best, "min random slack", worstRandom), gap < 0 || worstRandom < 0
                        ? "a rotation beat the bound" : "the ascent did not reach the bound");
            }
            worstGap = Math.max(worstGap, Math.abs(gap));
        }
        return Evidence.held(count, "max |bound − best trace found| / Σ_iΠ_j s_i", worstGap, 1e-9, count
                + " random instances (n = 2…4, m = 1…4; " + singular + " with a singular factor, " + negative
                + " with det < 0): 20 random rotation tuples each never exceed the bound (min slack "
                + String.format(java.util.Locale.ROOT, "%.1e", worstRandom) + "), and Procrustes block ascent from "
                + restarts + " starts reaches it");
    }

    /** {@code A} with its smallest singular value set to zero. */
    private static DMatrixRMaj dropSmallest(DMatrixRMaj a) {
        Dense.Svd svd = Dense.svd(a);
        double[] s = svd.s().clone();
        s[s.length - 1] = 0;
        DMatrixRMaj d = new DMatrixRMaj(s.length, s.length);
        for (int i = 0; i < s.length; i++) {
            d.set(i, i, s[i]);
        }
        DMatrixRMaj vt = new DMatrixRMaj(s.length, s.length);
        CommonOps_DDRM.transpose(svd.v(), vt);
        return Dense.times(Dense.times(svd.u(), d), vt);
    }

    private static double scale(DMatrixRMaj[] a) {
        int n = a[0].numRows;
        double[] p = new double[n];
        java.util.Arrays.fill(p, 1);
        for (DMatrixRMaj aj : a) {
            double[] s = Dense.singularValues(aj);
            for (int i = 0; i < n; i++) {
                p[i] *= s[i];
            }
        }
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        return sum;
    }

    private static Evidence unsignedSupremum() {
        String trace = Symbolic.eval("Simplify(Tr({{1, 0}, {0, -1}}.{{Cos(t), -Sin(t)}, {Sin(t), Cos(t)}}))");
        if (!trace.equals("0")) {
            return Evidence.held(1, "symbolic", Double.NaN, 0, "tr(diag(1, −1)R_θ) = " + trace);
        }
        return Evidence.refuted(1, Evidence.witness("n", 2, "m", 1, "A_1", "diag(1, −1)", "tr(A_1 R_θ)",
                "0 for every θ (Simplify)", "claimed supremum", 2, "Theorem 2's value", "1 + (−1)·1 = 0"),
                "over SO(2) the trace of diag(1, −1)R_θ is identically 0, not 2");
    }

    private static Evidence subsetBound(AuditSettings settings) {
        RandomGenerator rng = settings.random("B5");
        int count = settings.count(500, 5000);
        double worst = Double.POSITIVE_INFINITY;
        double worstTight = 0;
        int reflected = 0;
        for (int t = 0; t < count; t++) {
            int n = 1 + rng.nextInt(6);
            int size = 1 + rng.nextInt(5);
            DMatrixRMaj[] j = new DMatrixRMaj[size];
            double bound = 1;
            double[] dx = gaussianVector(rng, n, 1);
            double[] w = gaussianVector(rng, n, 1);
            DMatrixRMaj frame = Dense.frameWithFirst(dx, rng);
            DMatrixRMaj[] aligned = new DMatrixRMaj[size];
            for (int i = 0; i < size; i++) {
                j[i] = Dense.gaussian(rng, n, n, 0.3 + rng.nextDouble());
                reflected += CommonOps_DDRM.det(j[i]) < 0 ? 1 : 0;
                double[] s = Dense.singularValues(j[i]);
                bound *= s[0];
                aligned[i] = Dense.symmetric(frame, s);
            }
            bound *= Dense.norm(dx) * Dense.norm(w);
            double term = Dense.dot(w, applyAll(j, dx));
            double slack = (bound - term) / bound;
            if (!(slack >= -1e-12)) {
                return Evidence.refuted(t + 1, Evidence.witness("D", n, "|s|", size, "trace", term, "bound", bound),
                        "a subset term exceeds its bound");
            }
            worst = Math.min(worst, slack);
            double[] wAligned = new double[n];
            for (int k = 0; k < n; k++) {
                wAligned[k] = Dense.norm(w) * frame.get(k, 0);
            }
            worstTight = Math.max(worstTight, Math.abs(bound - Dense.dot(wAligned, applyAll(aligned, dx))) / bound);
        }
        if (!(worstTight <= 1e-12)) {
            return Evidence.refuted(count, Evidence.witness("max |bound − aligned term|/bound", worstTight),
                    "the aligned instances do not attain the bound");
        }
        return Evidence.held(count, "min (bound − trace)/bound", worst, 1e-12, count + " random subset terms (D = "
                + "1…6, |s| = 1…5; " + reflected + " Jacobians with det < 0); the aligned instances attain the bound "
                + "to " + String.format(java.util.Locale.ROOT, "%.1e", worstTight));
    }

    /** {@code J_k ⋯ J_1 x}. */
    private static double[] applyAll(DMatrixRMaj[] j, double[] x) {
        double[] h = x.clone();
        for (DMatrixRMaj m : j) {
            h = Dense.apply(m, h);
        }
        return h;
    }

    /** J = diag(2, −1): any SVD J = USVᵀ has det U · det V = det J / det S = −1. */
    private static Evidence reflectedFrames() {
        DMatrixRMaj j = new DMatrixRMaj(new double[][] {{2, 0}, {0, -1}});
        Dense.Svd svd = Dense.svd(j);
        double product = CommonOps_DDRM.det(svd.u()) * CommonOps_DDRM.det(svd.v());
        if (product > 0) {
            return Evidence.held(1, "det U · det V", product, 0, "both frames are rotations");
        }
        return Evidence.refuted(1, Evidence.witness("J", "diag(2, −1)", "S", svd.s(), "det J", CommonOps_DDRM.det(j),
                "det U · det V", product), "det U · det V = det J / det S < 0 for every SVD, so U and V are not both "
                + "rotations, and a frame V_aᵀU_b with det −1 appears between the factors");
    }

    // ----------------------------------------------------------------------------------------------------------
    // B7, B8

    private static Evidence alignment(AuditSettings settings, boolean negativeFactor) {
        RandomGenerator rng = settings.random(negativeFactor ? "B7/twin" : "B7");
        int count = negativeFactor ? 100 : settings.count(300, 3000);
        double worstSlack = Double.POSITIVE_INFINITY;
        double worstClosed = 0;
        double worstNorm = 0;
        for (int t = 0; t < count; t++) {
            int n = 1 + rng.nextInt(6);
            int depth = 1 + rng.nextInt(6);
            double[] dx = gaussianVector(rng, n, 1);
            double[] w = gaussianVector(rng, n, 1);
            DMatrixRMaj frame = Dense.frameWithFirst(dx, rng);
            DMatrixRMaj[] j = new DMatrixRMaj[depth];
            DMatrixRMaj[] aligned = new DMatrixRMaj[depth];
            double closed = Dense.norm(dx) * Dense.norm(w);
            for (int i = 0; i < depth; i++) {
                j[i] = Dense.gaussian(rng, n, n, 0.1 + 0.5 * rng.nextDouble());
                double[] s = Dense.singularValues(j[i]);
                aligned[i] = Dense.symmetric(frame, s);
                closed *= 1 + s[0];
                worstNorm = Math.max(worstNorm, Math.abs(Dense.frobeniusSquared(aligned[i])
                        - Dense.frobeniusSquared(j[i])) / Dense.frobeniusSquared(j[i]));
            }
            double[] wAligned = new double[n];
            for (int k = 0; k < n; k++) {
                wAligned[k] = (negativeFactor ? -1 : 1) * Dense.norm(w) * frame.get(k, 0);
            }
            double logit = Dense.logit(j, w, dx);
            double alignedLogit = Dense.logit(aligned, wAligned, dx);
            double slack = (alignedLogit - logit) / closed;
            if (negativeFactor && slack < -1e-6) {
                return Evidence.refuted(t + 1, Evidence.witness("D", n, "L", depth, "logit", logit,
                        "logit with w' = −‖w‖Δx/‖Δx‖", alignedLogit), "the negative factor lowers the logit to "
                        + "−‖Δx‖‖w‖Π(1 + σ₁)");
            }
            if (!negativeFactor && !(slack >= -1e-12)) {
                return Evidence.refuted(t + 1, Evidence.witness("D", n, "L", depth, "logit", logit,
                        "aligned logit", alignedLogit), "aligning lowered the logit");
            }
            worstSlack = Math.min(worstSlack, slack);
            worstClosed = Math.max(worstClosed, Math.abs(alignedLogit - closed) / closed);
        }
        if (!(worstClosed <= 1e-12 && worstNorm <= 1e-12)) {
            return Evidence.refuted(count, Evidence.witness("max closed-form error", worstClosed,
                    "max regulariser change", worstNorm), "the aligned point is not as claimed");
        }
        return Evidence.held(count, "min (aligned logit − logit)/bound", worstSlack, 1e-12, count + " random "
                + "instances, D = 1…6, L = 1…6: the aligned logit equals ‖Δx‖‖w‖Π(1 + σ₁) to "
                + String.format(java.util.Locale.ROOT, "%.1e", worstClosed) + " and ‖J_i‖_F² is unchanged to "
                + String.format(java.util.Locale.ROOT, "%.1e", worstNorm));
    }

    private static Evidence decreasingLosses() {
        Evidence logistic = Symbolic.identity("", "Simplify", "D(Log(1 + Exp(-z)), z)", "-1/(1 + Exp(z))");
        Evidence exponential = Symbolic.identity("", "Simplify", "D(Exp(-z), z)", "-Exp(-z)");
        if (!logistic.holds()) {
            return logistic;
        }
        if (!exponential.holds()) {
            return exponential;
        }
        return Evidence.identity(logistic.detail() + " and " + exponential.detail() + ": both derivatives are "
                + "negative for every real z");
    }

    private static Evidence squaredLoss() {
        BigFraction at1 = squared(BigFraction.ONE);
        BigFraction at2 = squared(new BigFraction(2));
        if (at2.compareTo(at1) <= 0) {
            return Evidence.held(1, "exact", 0, 0, "no increase found");
        }
        return Evidence.refuted(1, Evidence.witness("z", "1 → 2", "½(1 − z)²", Rationals.text(at1) + " → "
                + Rationals.text(at2)), "raising the logit past 1 raises the squared loss");
    }

    private static BigFraction squared(BigFraction z) {
        BigFraction d = BigFraction.ONE.subtract(z);
        return d.multiply(d).divide(2);
    }

    // ----------------------------------------------------------------------------------------------------------
    // B10, B11, B12

    private static Evidence zeroing(AuditSettings settings, boolean top) {
        RandomGenerator rng = settings.random(top ? "B10/twin" : "B10");
        int count = top ? 50 : settings.count(100, 1000);
        for (int t = 0; t < count; t++) {
            int n = 2 + rng.nextInt(4);
            int depth = 1 + rng.nextInt(6);
            BigFraction[] st = new BigFraction[n];
            java.util.Arrays.fill(st, BigFraction.ZERO);
            st[0] = new BigFraction(1 + rng.nextInt(9), 1 + rng.nextInt(9));
            FieldMatrix<BigFraction> logitMatrix = Rationals.diagonal(st);
            FieldMatrix<BigFraction> zeroedMatrix = Rationals.diagonal(st);
            BigFraction drop = BigFraction.ZERO;
            BigFraction expectedDrop = BigFraction.ZERO;
            for (int i = 0; i < depth; i++) {
                BigFraction[] s = new BigFraction[n];
                BigFraction[] z = new BigFraction[n];
                for (int k = 0; k < n; k++) {
                    s[k] = new BigFraction(1 + rng.nextInt(6), 1 + rng.nextInt(6));
                    boolean keep = top ? k > 0 : k == 0;
                    z[k] = keep ? s[k] : BigFraction.ZERO;
                    drop = drop.add(s[k].multiply(s[k])).subtract(z[k].multiply(z[k]));
                    expectedDrop = expectedDrop.add(k >= 1 ? s[k].multiply(s[k]) : BigFraction.ZERO);
                }
                logitMatrix = logitMatrix.multiply(Rationals.identity(n).add(Rationals.diagonal(s)));
                zeroedMatrix = zeroedMatrix.multiply(Rationals.identity(n).add(Rationals.diagonal(z)));
            }
            BigFraction logit = logitMatrix.getTrace();
            BigFraction zeroed = zeroedMatrix.getTrace();
            if (!logit.equals(zeroed)) {
                return Evidence.refuted(t + 1, Evidence.witness("D", n, "L", depth, "tr{S_{L+1}Π(I + S_i)}",
                        Rationals.text(logit), "after zeroing", Rationals.text(zeroed)), top
                        ? "zeroing the top entries changes the logit" : "zeroing changed the logit");
            }
            if (!top && !drop.equals(expectedDrop)) {
                return Evidence.refuted(t + 1, Evidence.witness("drop", Rationals.text(drop), "expected",
                        Rationals.text(expectedDrop)), "the regulariser dropped by the wrong amount");
            }
        }
        return Evidence.held(count, "exact equality", 0, 0, count + " random instances, D = 2…5, L = 1…6, positive "
                + "rational entries");
    }

    private static Evidence amGm(AuditSettings settings) {
        String factored = Symbolic.eval("Factor((1 + (a + b)/2)^2 - (1 + a)*(1 + b))");
        Evidence equality = Symbolic.identity("", "Simplify", "(1 + (n*s)/n)^n", "(1 + s)^n");
        if (!equality.holds()) {
            return equality;
        }
        RandomGenerator rng = settings.random("B11");
        int count = settings.count(300, 3000);
        double worst = Double.POSITIVE_INFINITY;
        int equalCases = 0;
        for (int t = 0; t < count; t++) {
            int depth = 2 + rng.nextInt(settings.thorough() ? 39 : 11);
            boolean allEqual = t % 10 == 0;
            BigFraction[] s = new BigFraction[depth];
            BigFraction sum = BigFraction.ZERO;
            BigFraction product = BigFraction.ONE;
            BigFraction common = Rationals.nonNegative(rng, 9);
            for (int i = 0; i < depth; i++) {
                s[i] = allEqual ? common : Rationals.nonNegative(rng, 9);
                sum = sum.add(s[i]);
                product = product.multiply(BigFraction.ONE.add(s[i]));
            }
            BigFraction mean = sum.divide(depth);
            BigFraction power = BigFraction.ONE.add(mean).pow(depth);
            BigFraction gap = power.subtract(product);
            boolean same = java.util.Arrays.stream(s).distinct().count() == 1;
            boolean ok = same ? gap.equals(BigFraction.ZERO) : gap.compareTo(BigFraction.ZERO) > 0;
            if (!ok) {
                return Evidence.refuted(t + 1, Evidence.witness("s", java.util.Arrays.stream(s).map(Rationals::text)
                        .toList(), "Π(1 + s_i)", Rationals.text(product), "(1 + s̄)^L", Rationals.text(power)),
                        same ? "equal s_i without equality" : "AM–GM fails");
            }
            equalCases += same ? 1 : 0;
            worst = Math.min(worst, gap.divide(power).doubleValue());
        }
        return Evidence.held(count, "min ((1 + s̄)^L − Π(1 + s_i))/(1 + s̄)^L", worst, 0, count + " random "
                + "non-negative rational vectors, L = 2…" + (settings.thorough() ? 40 : 12) + ": strict unless all "
                + "s_i are equal (" + equalCases + " equal cases, each exact equality); symbolically for L = 2 the "
                + "gap factors as " + factored + ", and " + equality.detail());
    }

    private static Evidence amGmNegative() {
        BigFraction[] s = {new BigFraction(-3), new BigFraction(-3), BigFraction.ZERO};
        BigFraction product = BigFraction.ONE;
        BigFraction sum = BigFraction.ZERO;
        for (BigFraction v : s) {
            product = product.multiply(BigFraction.ONE.add(v));
            sum = sum.add(v);
        }
        BigFraction power = BigFraction.ONE.add(sum.divide(s.length)).pow(s.length);
        if (product.compareTo(power) <= 0) {
            return Evidence.held(1, "exact", 0, 0, "AM–GM held");
        }
        return Evidence.refuted(1, Evidence.witness("s", "(−3, −3, 0)", "Π(1 + s_i)", Rationals.text(product),
                "(1 + s̄)^3", Rationals.text(power)), "two negative factors make the product exceed the power");
    }

    private static Evidence jensenReversed() {
        BigFraction a = BigFraction.ZERO;
        BigFraction b = BigFraction.ONE;
        BigFraction squares = a.multiply(a).add(b.multiply(b));
        BigFraction mean = a.add(b).divide(2);
        BigFraction averaged = mean.multiply(mean).multiply(2);
        if (squares.compareTo(averaged) <= 0) {
            return Evidence.held(1, "exact", 0, 0, "the reversed inequality held");
        }
        return Evidence.refuted(1, Evidence.witness("s", "(0, 1)", "Σ s_i²", Rationals.text(squares), "L·s̄²",
                Rationals.text(averaged)), "averaging lowers the sum of squares");
    }

    // ----------------------------------------------------------------------------------------------------------
    // B13

    private static Evidence averaging(AuditSettings settings) {
        RandomGenerator rng = settings.random("B13");
        int count = settings.count(1000, 10000);
        double worst = Double.POSITIVE_INFINITY;
        for (int t = 0; t < count; t++) {
            Loss loss = t % 2 == 0 ? Loss.LOGISTIC : Loss.EXPONENTIAL;
            int depth = 1 + rng.nextInt(10);
            double[] s = new double[depth];
            for (int i = 0; i < depth; i++) {
                s[i] = 2 * rng.nextDouble() * rng.nextDouble();
            }
            double omega = 3 * rng.nextDouble();
            double r = Math.pow(10, -1 + 2 * rng.nextDouble());
            double lambda = Math.pow(10, -4 + 4 * rng.nextDouble());
            double before = diagonalObjective(loss, s, omega, r, lambda);
            double after = diagonalObjective(loss, averaged(s), omega, r, lambda);
            double slack = (before - after) / before;
            if (!(slack >= -1e-12)) {
                return Evidence.refuted(t + 1, Evidence.witness("loss", loss.optionName(), "s", s, "ω", omega,
                        "r", r, "λ", lambda, "before", before, "after averaging", after), "averaging raised f");
            }
            worst = Math.min(worst, slack);
        }
        return Evidence.held(count, "min (f(s) − f(s̄))/f(s)", worst, 1e-12, count + " random instances, logistic "
                + "and exponential, L = 1…10, s_i ∈ [0, 2], ω ∈ [0, 3], r = 0.1…10, λ = 1e-4…1");
    }

    private static Evidence averagingSquared() {
        double[] s = {0, 1};
        double omega = 0.5;
        double lambda = 1e-4;
        double before = diagonalObjective(Loss.SQUARED, s, omega, 1, lambda);
        double after = diagonalObjective(Loss.SQUARED, averaged(s), omega, 1, lambda);
        if (after <= before) {
            return Evidence.held(1, "f(s) − f(s̄)", before - after, 0, "averaging lowered f");
        }
        return Evidence.refuted(1, Evidence.witness("loss", "squared", "s", s, "ω", omega, "r", 1, "λ", lambda,
                "f(s)", before, "f(s̄)", after), "the margin was exactly 1 (loss 0); averaging pushes it to 1.125");
    }

    /** {@code ℓ(ω r Π(1 + s_i)) + λ/2 (Σ s_i² + ω²)}, the product in the log domain. */
    private static double diagonalObjective(Loss loss, double[] s, double omega, double r, double lambda) {
        double log = 0;
        double squares = 0;
        for (double v : s) {
            log += Math.log1p(v);
            squares += v * v;
        }
        return loss.value(omega * r * Math.exp(log)) + lambda / 2 * (squares + omega * omega);
    }

    private static double[] averaged(double[] s) {
        double mean = java.util.Arrays.stream(s).sum() / s.length;
        double[] a = new double[s.length];
        java.util.Arrays.fill(a, mean);
        return a;
    }

    // ----------------------------------------------------------------------------------------------------------
    // B14, B15, B16

    private static Evidence reduction(AuditSettings settings, boolean withoutDepth) {
        RandomGenerator rng = settings.random(withoutDepth ? "B14/twin" : "B14");
        int count = withoutDepth ? 50 : settings.count(300, 3000);
        double worst = 0;
        for (int t = 0; t < count; t++) {
            Loss loss = Loss.values()[t % 3];
            int dim = 1 + rng.nextInt(20);
            int depth = 2 + rng.nextInt(40);
            double lambda = Math.pow(10, -4 + 4 * rng.nextDouble());
            double r = Math.pow(10, -1 + 2 * rng.nextDouble());
            double s = 0.1 + 1.5 * rng.nextDouble();
            double omega = 2 * rng.nextDouble(); // y = +1, margin ≥ 0: every loss stays finite
            UnconstrainedJacobiansModel model = UnconstrainedJacobiansModel.dense(UjmProblem.binary(dim, depth,
                    lambda, loss, r, rng.nextLong()));
            double[] dx = model.data().inputs()[0];
            double[] theta = new double[model.dimension()];
            DMatrixRMaj j = new DMatrixRMaj(dim, dim);
            for (int a = 0; a < dim; a++) {
                for (int b = 0; b < dim; b++) {
                    j.set(a, b, s * dx[a] * dx[b] / (r * r));
                }
            }
            for (int i = 0; i < depth; i++) {
                model.jacobians().setJacobian(theta, i, j);
            }
            for (int k = 0; k < dim; k++) {
                theta[model.jacobians().classifierOffset() + k] = omega * dx[k] / r;
            }
            double full = model.value(theta);
            double reduced = AlignedFamily.objective(loss, depth, lambda, r, 1, s, omega)
                    - (withoutDepth ? lambda / 2 * (depth - 1) * s * s : 0);
            double error = Math.abs(full - reduced) / Math.abs(reduced);
            if (withoutDepth && error > 1e-8) {
                return Evidence.refuted(t + 1, Evidence.witness("loss", loss.optionName(), "D", dim, "L", depth,
                        "λ", lambda, "s", s, "ω", omega, "full model", full, "twin's formula", reduced),
                        "the full model disagrees with the formula by λ(L − 1)s²/2");
            }
            if (!withoutDepth && !(error <= 1e-11)) {
                return Evidence.refuted(t + 1, Evidence.witness("loss", loss.optionName(), "D", dim, "L", depth,
                        "full model", full, "f(s, ω)", reduced), "the reduction fails");
            }
            worst = Math.max(worst, error);
        }
        return Evidence.held(count, "max relative difference", worst, 1e-11, count + " random aligned points of "
                + "the dense UJM (D = 1…20, L = 2…41, three losses) against AlignedFamily.objective");
    }

    private static Evidence stationarity(AuditSettings settings) {
        String f = "(g(w*r*(1 + s)^n) + lam/2*(n*s^2 + w^2))";
        Evidence identity = Symbolic.identity("", "FullSimplify", "w*D(" + f + ", w) - (1 + s)/n*D(" + f + ", s)",
                "lam*(w^2 - s*(1 + s))");
        if (!identity.holds()) {
            return identity;
        }
        RandomGenerator rng = settings.random("B15");
        double derivativeError = symbolicDerivativesMatch(rng);
        if (!(derivativeError <= 1e-6)) {
            return Evidence.refuted(1, Evidence.witness("max relative difference", derivativeError),
                    "Symja's derivatives of the logistic f disagree with central differences of "
                            + "AlignedFamily.objective");
        }
        int count = settings.count(60, 600);
        double worst = 0;
        for (int t = 0; t < count; t++) {
            Optimum o = randomOptimum(rng, t);
            double residual = Math.abs(o.omega * o.omega - o.s * (1 + o.s))
                    / Math.max(Math.max(o.omega * o.omega, Math.abs(o.s * (1 + o.s))), Double.MIN_NORMAL);
            if (!(residual <= 1e-9)) {
                return Evidence.refuted(t + 1, o.witness(), "the solver's aligned optimum is off ω² = s(1 + s)");
            }
            worst = Math.max(worst, residual);
        }
        return Evidence.held(count, "max |ω² − s(1+s)| / ω² at AlignedFamily.solve's optimum", worst, 1e-9,
                identity.detail() + " (g the loss, n the depth); Symja's ∂f/∂s and ∂f/∂ω of the logistic f "
                        + "agree with central differences of AlignedFamily.objective to "
                        + String.format(java.util.Locale.ROOT, "%.1e", derivativeError) + " at 5 points; and at the "
                        + "aligned optimum of " + count + " random (loss, L = 1…64, λ = 1e-4…1, ‖Δx‖ = 0.1…10)");
    }

    /**
     * The largest relative difference, over 5 random points, between Symja's derivatives of the logistic reduced
     * objective (evaluated numerically) and fourth-order central differences of {@link AlignedFamily#objective}.
     */
    private static double symbolicDerivativesMatch(RandomGenerator rng) {
        double worst = 0;
        for (int t = 0; t < 5; t++) {
            int depth = 1 + rng.nextInt(12);
            double lambda = Math.pow(10, -3 + 2 * rng.nextDouble());
            double r = 0.5 + rng.nextDouble();
            double s = 0.05 + 0.3 * rng.nextDouble();
            double omega = 0.1 + rng.nextDouble();
            String f = String.format(java.util.Locale.ROOT, "Log(1 + Exp(-w*%.17g*(1 + s)^%d)) + %.17g/2*(%d*s^2 + "
                    + "w^2)", r, depth, lambda, depth);
            String at = String.format(java.util.Locale.ROOT, " /. {s -> %.17g, w -> %.17g}", s, omega);
            double[] symbolic = {Symbolic.number("D(" + f + ", s)" + at), Symbolic.number("D(" + f + ", w)" + at)};
            double h = 1e-3;
            double[] numeric = new double[2];
            for (int k = 0; k < 2; k++) {
                double[] v = new double[4];
                int[] steps = {-2, -1, 1, 2};
                for (int q = 0; q < 4; q++) {
                    double ds = k == 0 ? steps[q] * h : 0;
                    double dw = k == 1 ? steps[q] * h : 0;
                    v[q] = AlignedFamily.objective(Loss.LOGISTIC, depth, lambda, r, 1, s + ds, omega + dw);
                }
                numeric[k] = (v[0] - 8 * v[1] + 8 * v[2] - v[3]) / (12 * h);
            }
            for (int k = 0; k < 2; k++) {
                worst = Math.max(worst, Math.abs(symbolic[k] - numeric[k]) / Math.max(Math.abs(numeric[k]), 1e-3));
            }
        }
        return worst;
    }

    private static Evidence stationarityTwin(AuditSettings settings) {
        RandomGenerator rng = settings.random("B15/twin");
        for (int t = 0; t < 50; t++) {
            Optimum o = randomOptimum(rng, t);
            if (Math.abs(o.omega * o.omega - o.s * o.s) > 1e-6 * o.omega * o.omega) {
                return Evidence.refuted(t + 1, o.witness(), "ω² − s² = " + (o.omega * o.omega - o.s * o.s));
            }
        }
        return Evidence.held(50, "exact", 0, 0, "ω² = s² at 50 optima");
    }

    private record Optimum(Loss loss, int depth, double lambda, double r, double s, double omega) {
        java.util.Map<String, Object> witness() {
            return Evidence.witness("loss", loss.optionName(), "L", depth, "λ", lambda, "‖Δx‖", r, "s", s, "ω",
                    omega, "ω²", omega * omega, "s(1 + s)", s * (1 + s), "s²", s * s);
        }
    }

    private static Optimum randomOptimum(RandomGenerator rng, int t) {
        Loss loss = Loss.values()[t % 3];
        int depth = 1 + rng.nextInt(64);
        double lambda = Math.pow(10, -4 + 4 * rng.nextDouble());
        double r = Math.pow(10, -1 + 2 * rng.nextDouble());
        AlignedOptimum o = AlignedFamily.solve(loss, depth, lambda, r, 1);
        return new Optimum(loss, depth, lambda, r, o.s(), o.omega());
    }

    private static Evidence solverAgrees(AuditSettings settings) {
        RandomGenerator rng = settings.random("B16");
        int count = settings.count(4, 24);
        double worst = 0;
        for (int t = 0; t < count; t++) {
            Loss loss = t % 2 == 0 ? Loss.LOGISTIC : Loss.EXPONENTIAL;
            int dim = 2 + rng.nextInt(3);
            int depth = 2 + rng.nextInt(4);
            double lambda = Math.pow(10, -2.5 + 1.5 * rng.nextDouble());
            long seed = rng.nextLong();
            UjmProblem problem = UjmProblem.binary(dim, depth, lambda, loss, 1, seed);
            UjmSolution solution = UjmSolver.solve(problem, SolverSettings.defaults(SolverKind.LBFGS, seed),
                    IterationMonitor.NONE);
            AlignedOptimum aligned = AlignedFamily.solve(loss, depth, lambda, 1, 1);
            Theorem33Verdict v = Theorem33Verdict.judge(solution.model(), solution.theta(),
                    solution.result().value(), aligned, Theorem33Tolerances.DEFAULT);
            if (!v.holds()) {
                return Evidence.refuted(t + 1, Evidence.witness("loss", loss.optionName(), "D", dim, "L", depth,
                        "λ", lambda, "seed", seed, "objective", v.objective(), "alignedObjective",
                        v.alignedObjective(), "failures", v.failures()), v.counterexample()
                        ? "the solver went below the aligned optimum" : "the optimum lacks the aligned structure");
            }
            worst = Math.max(worst, Math.abs(v.relativeGap()));
        }
        return Evidence.held(count, "max |objective − alignedObjective| / alignedObjective", worst, 1e-8, count
                + " L-BFGS solves over full D×D Jacobians (D = 2…4, L = 2…5, λ = 10^−2.5…10^−1, logistic and "
                + "exponential), each judged by Theorem 3.3's checks (a)–(e)");
    }

    private static Evidence trivialPoint() {
        AlignedOptimum o = AlignedFamily.solve(Loss.LOGISTIC, 4, 1e-2, 1, 1);
        double trivial = Loss.LOGISTIC.value(0);
        if (o.objective() >= trivial) {
            return Evidence.held(1, "f(0) − f*", trivial - o.objective(), 0, "the trivial point is not beaten");
        }
        return Evidence.refuted(1, Evidence.witness("loss", "logistic", "L", 4, "λ", 0.01, "‖Δx‖", 1, "f(0, 0)",
                trivial, "aligned (s, ω)", new double[] {o.s(), o.omega()}, "f(s, ω)", o.objective()),
                "the aligned optimum is below log 2");
    }

    private static double[] gaussianVector(RandomGenerator rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * rng.nextGaussian();
        }
        return v;
    }
}
