package org.resalign.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ejml.data.DMatrixRMaj;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.linalg.LinearOperator;
import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.linalg.TruncatedSvdMethod;
import org.resalign.core.ra.EffectiveRank;
import org.resalign.core.ra.InputSeries;
import org.resalign.core.ra.Ra1Line;
import org.resalign.core.ra.AlignmentGrid;
import org.resalign.core.ra.RaSettings;
import org.resalign.core.ra.RankGapTest;
import org.resalign.core.ra.ResidualAlignmentReport;
import org.resalign.core.ra.Stat;
import org.resalign.core.seed.Seeds;
import org.resalign.core.stat.OrderStatistics;
import org.resalign.core.thm31.Theorem31Prediction;

/**
 * RA1–RA4 (paper §1.4) of a trained network, measured at training inputs (footnote 3: on the training data), with
 * Theorem 3.1's prediction of RA1 from the measured RA2–RA4 beside the measured RA1.
 *
 * <p>At each input the network (in double precision, batch norm in inference mode) gives its trajectory and its
 * Residual Jacobians ({@link JacobianExtraction}); every stage of square blocks gets a
 * {@link ResidualAlignmentReport} with RA3's bound {@code C} = the number of classes, its top triplets from the exact
 * SVD up to {@code D = 512} and from the randomized SVD of §2.4 beyond (matrix-free), and a
 * {@link Theorem31Prediction}.
 */
public final class NetworkAnalysis {

    /**
     * One input's measurements in one stage.
     *
     * @param index      the input's training index, or its row in the file of {@code analyze --at}
     * @param label      its class, or {@value #UNLABELLED} for an input of {@code --at}
     * @param trajectory {@code h_1 … h_{L+1}} through the stage (not in the JSON; {@code --npy} writes it)
     * @param svds       each block's top triplets (not in the JSON; {@code --npy} writes them)
     */
    public record InputResult(int index, int label, ResidualAlignmentReport report, PredictedRa1 theorem31,
            @com.fasterxml.jackson.annotation.JsonIgnore double[][] trajectory,
            @com.fasterxml.jackson.annotation.JsonIgnore List<TruncatedSvd> svds) {
    }

    /** The label of an input given without one ({@code analyze --at}). */
    public static final int UNLABELLED = -1;

    /**
     * An input to measure the network at.
     *
     * @param index its training index, or its row in the file it came from
     * @param label its class, or {@link #UNLABELLED}
     * @param x     its {@link ResNetSpec#INPUT_SIZE} values
     */
    public record Input(int index, int label, double[] x) {
    }

    /**
     * Theorem 3.1's prediction at one input, without the predicted points.
     *
     * @param lineFraction     RA1's line share of the rank-one chain
     * @param spacingCV        its spacing variation
     * @param maxRelativeError how far the chain strays from the measured trajectory
     */
    public record PredictedRa1(double lineFraction, double spacingCV, double maxRelativeError) {
    }

    /**
     * A stage's figures over all inputs.
     *
     * @param lineFraction          RA1 measured
     * @param spacingCV             RA1 measured
     * @param predictedLineFraction RA1 predicted by Theorem 3.1 from RA2–4
     * @param predictedSpacingCV    the same
     * @param alignment             RA2 mean off-diagonal score
     * @param chanceAlignment       RA2 with random frames
     * @param log10RankGap          RA3 median over blocks of {@code log₁₀ σ_C/σ_{C+1}}
     * @param energyTopC            RA3 mean over blocks of the top-{@code C} energy share
     * @param ra4Slope              RA4 slope of {@code 1/σ₁} against depth
     * @param ra4Intercept          RA4 intercept
     * @param ra4RSquared           RA4 fit quality
     * @param spectralRank          RA3: median over blocks of the effective rank ({@link EffectiveRank#of}) of
     *                              {@code J_i}'s top-{@code k} singular values
     * @param alignedRank           RA3 with RA2 (Figure 3): median over the plotted pairs {@code i ≠ j} of
     *                              {@link EffectiveRank#aligned} of {@code U_jᵀ J_i V_j}, the dimension of the subspace
     *                              of {@code J_j}'s singular directions that {@code J_i} acts along
     * @param sigma1                mean {@code σ₁(J_i)} per block over the inputs
     * @param alignmentAdjacent     RA2 over adjacent blocks {@code |i − j| = 1} ({@link AlignmentGrid#adjacent})
     * @param alignmentTop1         {@code |u₁(J_j)ᵀ J_i v₁(J_j)| / σ₁(J_i)}, mean over {@code i ≠ j}
     * @param chanceTop1            the same with random unit vectors
     * @param alignmentTransposed   RA2's score of {@code V_jᵀ J_i U_j}, mean over {@code i ≠ j}
     * @param frobeniusCosine       {@code |⟨J_i, J_j⟩_F| / (‖J_i‖_F ‖J_j‖_F)}, mean over {@code i ≠ j}
     * @param ra4LateSlope          RA4's slope over the late window (the last ⌈L/2⌉ blocks)
     * @param ra4LateIntercept      its intercept
     * @param ra4LateRSquared       its R²
     * @param ra4Exponent           {@code α} of {@code σ₁ ∝ i^{−α}} over all blocks
     * @param ra4ExponentRSquared   its R²
     * @param ra3GapExcess          RA3's gap at {@code C} over the tail's largest gap, median over blocks, in decades
     *                              ({@link RankGapTest})
     * @param ra3GapFraction        the share of blocks whose largest gap lies at or before {@code C}
     */
    public record Summary(Stat lineFraction, Stat spacingCV, Stat predictedLineFraction, Stat predictedSpacingCV,
            Stat alignment, Stat chanceAlignment, Stat log10RankGap, Stat energyTopC, Stat ra4Slope,
            Stat ra4Intercept, Stat ra4RSquared, Stat spectralRank, Stat alignedRank, double[] sigma1,
            Stat alignmentAdjacent, Stat alignmentTop1, Stat chanceTop1, Stat alignmentTransposed,
            Stat frobeniusCosine, Stat ra4LateSlope, Stat ra4LateIntercept, Stat ra4LateRSquared, Stat ra4Exponent,
            Stat ra4ExponentRSquared, Stat ra3GapExcess, Stat ra3GapFraction) {

        /** RA2's excess alignment over its random-frame chance level, {@code alignment − chance} (means). */
        public double excess() {
            return alignment.mean() - chanceAlignment.mean();
        }
    }

    /**
     * One stage: its blocks, its summary and every input's report.
     *
     * @param deadInputs analysed inputs whose representation does not move through the stage ({@code h_i} all
     *                   equal, e.g. all zero after a dead ReLU): RA1 is undefined there, so they are counted here and
     *                   left out of the summary
     */
    public record StageResult(JacobianExtraction.Stage stage, Summary summary, List<InputResult> inputs,
            List<Integer> deadInputs) {
    }

    // the names of the quantities of a Summary, as its components and JSON keys
    private static final String LINE_FRACTION = "lineFraction";
    private static final String SPACING_CV = "spacingCV";
    private static final String PREDICTED_LINE_FRACTION = "predictedLineFraction";
    private static final String PREDICTED_SPACING_CV = "predictedSpacingCV";
    private static final String ALIGNMENT = "alignment";
    private static final String CHANCE_ALIGNMENT = "chanceAlignment";
    private static final String LOG10_RANK_GAP = "log10RankGap";
    private static final String ENERGY_TOP_C = "energyTopC";
    private static final String RA4_SLOPE = "ra4Slope";
    private static final String RA4_INTERCEPT = "ra4Intercept";
    private static final String RA4_R_SQUARED = "ra4RSquared";
    private static final String SPECTRAL_RANK = "spectralRank";
    private static final String ALIGNED_RANK = "alignedRank";
    private static final String SIGMA1 = "sigma1";
    private static final String ALIGNMENT_ADJACENT = "alignmentAdjacent";
    private static final String ALIGNMENT_TOP1 = "alignmentTop1";
    private static final String CHANCE_TOP1 = "chanceTop1";
    private static final String ALIGNMENT_TRANSPOSED = "alignmentTransposed";
    private static final String FROBENIUS_COSINE = "frobeniusCosine";
    private static final String RA4_LATE_SLOPE = "ra4LateSlope";
    private static final String RA4_LATE_INTERCEPT = "ra4LateIntercept";
    private static final String RA4_LATE_R_SQUARED = "ra4LateRSquared";
    private static final String RA4_EXPONENT = "ra4Exponent";
    private static final String RA4_EXPONENT_R_SQUARED = "ra4ExponentRSquared";
    private static final String RA3_GAP_EXCESS = "ra3GapExcess";
    private static final String RA3_GAP_FRACTION = "ra3GapFraction";

    private NetworkAnalysis() {
    }

    /** The RA settings for a network with {@code classes} classes. */
    public static RaSettings raSettings(AnalysisSettings a, int classes) {
        return new RaSettings(Math.max(a.k(), classes + 1), classes, 1, 0, 8, a.seed());
    }

    /** The training inputs analysed: {@code n} distinct indices drawn from the seed. */
    public static int[] chooseInputs(int available, int n, long seed) {
        if (n > available) {
            throw new InvalidInputException("inputs", "{inputs} " + n + " exceeds the " + available + " training images");
        }
        return Seeds.distinct(Seeds.stream(seed, Seeds.Purpose.ANALYSED_INPUTS), available, n);
    }

    /**
     * Measures {@code network} (any precision; a double-precision copy is analysed) at inputs of {@code train}.
     *
     * @param progress told the number of each input as it is finished
     */
    public static List<StageResult> run(ComputationGraph network, ResNetSpec spec, Images train,
            AnalysisSettings settings, IntConsumer progress) {
        return run(network, spec, trainingInputs(train, settings), settings, progress);
    }

    /** The training inputs {@code settings} chooses ({@link #chooseInputs}). */
    public static List<Input> trainingInputs(Images train, AnalysisSettings settings) {
        int[] chosen = chooseInputs(train.size(), settings.inputs(), settings.seed());
        List<Input> inputs = new ArrayList<>(chosen.length);
        for (int c : chosen) {
            inputs.add(new Input(c, train.labels()[c], train.image(c)));
        }
        return inputs;
    }

    /**
     * Measures {@code network} (any precision; a double-precision copy is analysed) at {@code inputs}, in their
     * order.
     */
    public static List<StageResult> run(ComputationGraph network, ResNetSpec spec, List<Input> inputs,
            AnalysisSettings settings, IntConsumer progress) {
        ComputationGraph g = JacobianExtraction.inDouble(network);
        RaSettings ra = raSettings(settings, spec.classes());
        List<JacobianExtraction.Stage> stages = JacobianExtraction.stages(spec);
        List<List<InputResult>> perStage = new ArrayList<>();
        List<List<Integer>> dead = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            perStage.add(new ArrayList<>());
            dead.add(new ArrayList<>());
        }
        JacobianExtraction.Network measured = JacobianExtraction.of(g, spec);
        for (int n = 0; n < inputs.size(); n++) {
            Input input = inputs.get(n);
            JacobianExtraction.AtInput at = measured.at(input.x());
            for (int s = 0; s < stages.size(); s++) {
                JacobianExtraction.Stage stage = stages.get(s);
                List<ResidualJacobian> js = at.jacobians(stage);
                double[][] trajectory = at.trajectory(stage);
                if (!Ra1Line.moves(trajectory)) {
                    dead.get(s).add(input.index());
                    continue;
                }
                Decomposed d = decompose(js, Math.min(ra.k(), stage.dim()), settings.seed());
                List<TruncatedSvd> svds = d.svds();
                ResidualAlignmentReport report = ResidualAlignmentReport.of(d.operators(), trajectory, ra, svds);
                perStage.get(s).add(new InputResult(input.index(), input.label(), report,
                        predict(svds, trajectory), trajectory, svds));
            }
            progress.accept(n + 1);
        }
        List<StageResult> out = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            out.add(new StageResult(stages.get(s), summarise(perStage.get(s), stages.get(s).depth()),
                    List.copyOf(perStage.get(s)), List.copyOf(dead.get(s))));
        }
        return out;
    }

    /** The operators the RA report reads, and their top-{@code k} triplets. */
    record Decomposed(List<? extends LinearOperator> operators, List<TruncatedSvd> svds) {
    }

    /**
     * The top {@code k} triplets of each Jacobian: for blocks up to {@link TruncatedSvdMethod#EXACT_LIMIT} wide each
     * matrix is formed and decomposed exactly by LAPACK ({@link LapackSvd}), both in parallel on the common pool, each
     * independent of the others, so the result does not depend on the number of threads; the report then multiplies
     * by the formed matrices ({@link BlasOperator}, one product instead of two through the layers). Wider blocks go
     * matrix-free through the randomized SVD.
     */
    static Decomposed decompose(List<ResidualJacobian> js, int k, long seed) {
        if (js.isEmpty() || Math.max(js.get(0).rows(), js.get(0).cols()) > TruncatedSvdMethod.EXACT_LIMIT) {
            TruncatedSvdMethod randomized = TruncatedSvdMethod.randomized(seed);
            List<TruncatedSvd> svds = new ArrayList<>(js.size());
            for (ResidualJacobian j : js) {
                svds.add(randomized.top(j, k));
            }
            return new Decomposed(js, svds);
        }
        // a convolutional block's matrix is formed through its DL4J layers, one block at a time; a fully-connected
        // one's by OpenBLAS from its weights, which may run in parallel
        List<DMatrixRMaj> dense = js.get(0).fullyConnected()
                ? js.parallelStream().map(ResidualJacobian::dense).toList()
                : js.stream().map(ResidualJacobian::dense).toList();
        List<TruncatedSvd> svds = dense.parallelStream().map(m -> LapackSvd.top(m, k)).toList();
        return new Decomposed(dense.stream().map(BlasOperator::new).toList(), svds);
    }

    /** Theorem 3.1's prediction; NaN when the rank-one chain does not move (every {@code v₁ ⟂ ĥ_i}). */
    private static PredictedRa1 predict(List<TruncatedSvd> svds, double[][] trajectory) {
        Theorem31Prediction p = Theorem31Prediction.of(svds, trajectory);
        return new PredictedRa1(p.ra1() == null ? Double.NaN : p.ra1().lineFraction(),
                p.ra1() == null ? Double.NaN : p.ra1().spacingCV(), p.maxRelativeError());
    }

    /**
     * The summary of a stage: every quantity of {@link Summary} by its name there. A quantity that may be undefined
     * at an input is NaN there and left out of its {@link Stat} (counted): Theorem 3.1's prediction when the rank-one
     * chain does not move, the rank gap when every block's is infinite (rank at most {@code C}), RA4 when there is
     * none (one block, or {@code σ₁ = 0} in its window), the aligned rank with fewer than two plotted blocks; the
     * others are defined at every input, and a NaN among them is refused ({@link InputSeries}).
     */
    static Summary summarise(List<InputResult> inputs, int depth) {
        InputSeries.Builder b = InputSeries.builder()
                .defined(LINE_FRACTION, SPACING_CV)
                .mayBeUndefined(PREDICTED_LINE_FRACTION, PREDICTED_SPACING_CV)
                .defined(ALIGNMENT, CHANCE_ALIGNMENT)
                .mayBeUndefined(LOG10_RANK_GAP)
                .defined(ENERGY_TOP_C)
                .mayBeUndefined(RA4_SLOPE, RA4_INTERCEPT, RA4_R_SQUARED)
                .defined(SPECTRAL_RANK)
                .mayBeUndefined(ALIGNED_RANK)
                .perBlock(depth, SIGMA1)
                .mayBeUndefined(ALIGNMENT_ADJACENT)
                .defined(ALIGNMENT_TOP1, CHANCE_TOP1, ALIGNMENT_TRANSPOSED, FROBENIUS_COSINE)
                .mayBeUndefined(RA4_LATE_SLOPE, RA4_LATE_INTERCEPT, RA4_LATE_R_SQUARED, RA4_EXPONENT,
                        RA4_EXPONENT_R_SQUARED, RA3_GAP_EXCESS, RA3_GAP_FRACTION);
        for (InputResult in : inputs) {
            ResidualAlignmentReport r = in.report();
            double[] gaps = Arrays.stream(r.ra3().rankGap()).map(g -> Double.isInfinite(g) ? Double.NaN
                    : Math.log10(g)).filter(g -> !Double.isNaN(g)).sorted().toArray();
            double[] sigma1 = new double[depth];
            for (int i = 0; i < depth; i++) {
                sigma1[i] = r.topSingularValues()[i][0];
            }
            b.input()
                    .put(LINE_FRACTION, r.ra1().lineFraction())
                    .put(SPACING_CV, r.ra1().spacingCV())
                    .put(PREDICTED_LINE_FRACTION, in.theorem31().lineFraction())
                    .put(PREDICTED_SPACING_CV, in.theorem31().spacingCV())
                    .put(ALIGNMENT, r.ra2().meanOffDiagonal())
                    .put(CHANCE_ALIGNMENT, r.ra2().chanceLevel())
                    .put(LOG10_RANK_GAP, gaps.length == 0 ? Double.NaN : gaps[gaps.length / 2])
                    .put(ENERGY_TOP_C, Arrays.stream(r.ra3().energyTopC()).average().orElse(Double.NaN))
                    .put(RA4_SLOPE, r.ra4() == null ? Double.NaN : r.ra4().slope())
                    .put(RA4_INTERCEPT, r.ra4() == null ? Double.NaN : r.ra4().intercept())
                    .put(RA4_R_SQUARED, r.ra4() == null ? Double.NaN : r.ra4().rSquared())
                    .put(SPECTRAL_RANK, spectralRank(r))
                    .put(ALIGNED_RANK, alignedRank(r))
                    .put(SIGMA1, sigma1)
                    .put(ALIGNMENT_ADJACENT, r.ra2().adjacent())
                    .put(ALIGNMENT_TOP1, r.ra2().top1())
                    .put(CHANCE_TOP1, r.ra2().chanceTop1())
                    .put(ALIGNMENT_TRANSPOSED, r.ra2().transposed())
                    .put(FROBENIUS_COSINE, r.ra2().frobeniusCosine())
                    .put(RA4_LATE_SLOPE, r.ra4Late() == null ? Double.NaN : r.ra4Late().slope())
                    .put(RA4_LATE_INTERCEPT, r.ra4Late() == null ? Double.NaN : r.ra4Late().intercept())
                    .put(RA4_LATE_R_SQUARED, r.ra4Late() == null ? Double.NaN : r.ra4Late().rSquared())
                    .put(RA4_EXPONENT, r.ra4Exponent() == null ? Double.NaN : r.ra4Exponent().exponent())
                    .put(RA4_EXPONENT_R_SQUARED, r.ra4Exponent() == null ? Double.NaN : r.ra4Exponent().rSquared())
                    .put(RA3_GAP_EXCESS, r.ra3Gap() == null ? Double.NaN : r.ra3Gap().medianExcess())
                    .put(RA3_GAP_FRACTION, r.ra3Gap() == null ? Double.NaN : r.ra3Gap().fraction());
        }
        InputSeries s = b.build();
        return new Summary(s.stat(LINE_FRACTION), s.stat(SPACING_CV), s.stat(PREDICTED_LINE_FRACTION),
                s.stat(PREDICTED_SPACING_CV), s.stat(ALIGNMENT), s.stat(CHANCE_ALIGNMENT), s.stat(LOG10_RANK_GAP),
                s.stat(ENERGY_TOP_C), s.stat(RA4_SLOPE), s.stat(RA4_INTERCEPT), s.stat(RA4_R_SQUARED),
                s.stat(SPECTRAL_RANK), s.stat(ALIGNED_RANK), s.blockMean(SIGMA1), s.stat(ALIGNMENT_ADJACENT),
                s.stat(ALIGNMENT_TOP1), s.stat(CHANCE_TOP1), s.stat(ALIGNMENT_TRANSPOSED), s.stat(FROBENIUS_COSINE),
                s.stat(RA4_LATE_SLOPE), s.stat(RA4_LATE_INTERCEPT), s.stat(RA4_LATE_R_SQUARED), s.stat(RA4_EXPONENT),
                s.stat(RA4_EXPONENT_R_SQUARED), s.stat(RA3_GAP_EXCESS), s.stat(RA3_GAP_FRACTION));
    }

    /** The median over blocks of the effective rank of each Jacobian's top singular values. */
    static double spectralRank(ResidualAlignmentReport r) {
        double[] ranks = new double[r.depth()];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = EffectiveRank.of(r.topSingularValues()[i]);
        }
        return OrderStatistics.median(ranks);
    }

    /** The median over the plotted pairs {@code i ≠ j} of the aligned effective rank of {@code U_jᵀ J_i V_j}. */
    static double alignedRank(ResidualAlignmentReport r) {
        double[][][][] m = r.ra2().matrices();
        int b = m.length;
        if (b < 2) {
            return Double.NaN;
        }
        double[] ranks = new double[b * (b - 1)];
        int t = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                if (i != j) {
                    ranks[t++] = EffectiveRank.aligned(m[i][j]);
                }
            }
        }
        return OrderStatistics.median(ranks);
    }

}
