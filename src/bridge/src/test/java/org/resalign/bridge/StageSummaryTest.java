package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.resalign.core.io.Json;
import org.resalign.core.linalg.DenseOperator;
import org.resalign.core.linalg.TruncatedSvdMethod;
import org.resalign.core.ra.RankProfile;
import org.resalign.core.ra.ResidualAlignmentReport;
import org.resalign.core.ra.Stat;

/**
 * {@link NetworkAnalysis#summarise}, which reads each quantity by name through {@code InputSeries}, gives the summary
 * that the positional {@code double[13][n]} gave, to the last bit and byte of JSON, on random reports with every
 * undefined case planted.
 */
class StageSummaryTest {

    /** The summary as it was computed before, row by row by position (copied verbatim). */
    static NetworkAnalysis.Summary positional(List<NetworkAnalysis.InputResult> inputs, int depth) {
        int n = inputs.size();
        double[][] v = new double[25][n];
        double[] sigma1 = new double[depth];
        for (int t = 0; t < n; t++) {
            NetworkAnalysis.InputResult in = inputs.get(t);
            ResidualAlignmentReport r = in.report();
            v[0][t] = r.ra1().lineFraction();
            v[1][t] = r.ra1().spacingCV();
            v[2][t] = in.theorem31().lineFraction();
            v[3][t] = in.theorem31().spacingCV();
            v[4][t] = r.ra2().meanOffDiagonal();
            v[5][t] = r.ra2().chanceLevel();
            double[] gaps = Arrays.stream(r.ra3().rankGap()).map(g -> Double.isInfinite(g) ? Double.NaN
                    : Math.log10(g)).filter(g -> !Double.isNaN(g)).sorted().toArray();
            v[6][t] = gaps.length == 0 ? Double.NaN : gaps[gaps.length / 2];
            v[7][t] = Arrays.stream(r.ra3().energyTopC()).average().orElse(Double.NaN);
            v[8][t] = r.ra4() == null ? Double.NaN : r.ra4().slope();
            v[9][t] = r.ra4() == null ? Double.NaN : r.ra4().intercept();
            v[10][t] = r.ra4() == null ? Double.NaN : r.ra4().rSquared();
            v[11][t] = NetworkAnalysis.spectralRank(r);
            v[12][t] = NetworkAnalysis.alignedRank(r);
            v[13][t] = r.ra2().adjacent();
            v[14][t] = r.ra2().top1();
            v[15][t] = r.ra2().chanceTop1();
            v[16][t] = r.ra2().transposed();
            v[17][t] = r.ra2().frobeniusCosine();
            v[18][t] = r.ra4Late() == null ? Double.NaN : r.ra4Late().slope();
            v[19][t] = r.ra4Late() == null ? Double.NaN : r.ra4Late().intercept();
            v[20][t] = r.ra4Late() == null ? Double.NaN : r.ra4Late().rSquared();
            v[21][t] = r.ra4Exponent() == null ? Double.NaN : r.ra4Exponent().exponent();
            v[22][t] = r.ra4Exponent() == null ? Double.NaN : r.ra4Exponent().rSquared();
            v[23][t] = r.ra3Gap() == null ? Double.NaN : r.ra3Gap().medianExcess();
            v[24][t] = r.ra3Gap() == null ? Double.NaN : r.ra3Gap().fraction();
            for (int i = 0; i < depth; i++) {
                sigma1[i] += r.topSingularValues()[i][0] / n;
            }
        }
        return new NetworkAnalysis.Summary(Stat.of(v[0]), Stat.of(v[1]), Stat.of(v[2]), Stat.of(v[3]),
                Stat.of(v[4]), Stat.of(v[5]), Stat.of(v[6]), Stat.of(v[7]), Stat.of(v[8]), Stat.of(v[9]),
                Stat.of(v[10]), Stat.of(v[11]), Stat.of(v[12]), sigma1, Stat.of(v[13]), Stat.of(v[14]),
                Stat.of(v[15]), Stat.of(v[16]), Stat.of(v[17]), Stat.of(v[18]), Stat.of(v[19]), Stat.of(v[20]),
                Stat.of(v[21]), Stat.of(v[22]), Stat.of(v[23]), Stat.of(v[24]));
    }

    private static final int DIM = 6;
    private static final int CLASSES = 2;

    /**
     * One input's report from random Jacobians and a random trajectory, measured as the analysis measures; some
     * with every gap infinite (rank at most C), some without RA4, some with the Theorem 3.1 prediction undefined.
     */
    static NetworkAnalysis.InputResult randomInput(RandomGenerator rng, int depth, int index) {
        List<DenseOperator> js = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            DMatrixRMaj m = new DMatrixRMaj(DIM, DIM);
            double scale = Math.exp(rng.nextGaussian());
            for (int e = 0; e < m.data.length; e++) {
                m.data[e] = scale * rng.nextGaussian();
            }
            js.add(new DenseOperator(m));
        }
        double[][] h = new double[depth + 1][DIM];
        for (double[] row : h) {
            for (int c = 0; c < DIM; c++) {
                row[c] = rng.nextGaussian();
            }
        }
        AnalysisSettings a = new AnalysisSettings(1, 3, rng.nextLong());
        ResidualAlignmentReport r = ResidualAlignmentReport.of(js, h, NetworkAnalysis.raSettings(a, CLASSES),
                TruncatedSvdMethod.automatic(a.seed()));
        int infinite = rng.nextInt(4) == 0 ? depth : depth > 1 && rng.nextInt(3) == 0 ? 1 : 0;
        if (infinite > 0) {
            RankProfile p = r.ra3();
            double[] gaps = p.rankGap().clone();
            boolean[] low = p.rankAtMostC().clone();
            for (int b = 0; b < infinite; b++) {
                int i = infinite == depth ? b : rng.nextInt(depth);
                gaps[i] = Double.POSITIVE_INFINITY;
                low[i] = true;
            }
            r = new ResidualAlignmentReport(r.dim(), r.depth(), r.settings(), r.topSingularValues(), r.ra1(), r.ra2(),
                    new RankProfile(p.rank(), p.topK(), gaps, p.energyTopC(), low, Double.POSITIVE_INFINITY,
                            p.minEnergyTopC()), r.ra4());
        }
        if (rng.nextInt(4) == 0) {
            r = new ResidualAlignmentReport(r.dim(), r.depth(), r.settings(), r.topSingularValues(), r.ra1(), r.ra2(),
                    r.ra3(), null);
        }
        NetworkAnalysis.PredictedRa1 p = rng.nextInt(4) == 0
                ? new NetworkAnalysis.PredictedRa1(Double.NaN, Double.NaN, rng.nextDouble())
                : new NetworkAnalysis.PredictedRa1(rng.nextDouble(), rng.nextDouble(), rng.nextDouble());
        return new NetworkAnalysis.InputResult(index, index % CLASSES, r, p, h, List.of());
    }

    @Test
    void namedSummaryEqualsThePositionalOneToTheLastBit() throws ReflectiveOperationException {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(16);
        int nanCounts = 0;
        for (int trial = 0; trial < 40; trial++) {
            int depth = 1 + rng.nextInt(5);
            int n = trial == 0 ? 0 : 1 + rng.nextInt(6);
            List<NetworkAnalysis.InputResult> inputs = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                inputs.add(randomInput(rng, depth, t));
            }
            NetworkAnalysis.Summary expected = positional(inputs, depth);
            NetworkAnalysis.Summary actual = NetworkAnalysis.summarise(inputs, depth);
            assertEquals(Json.toJson(expected), Json.toJson(actual), "trial " + trial);
            for (RecordComponent c : NetworkAnalysis.Summary.class.getRecordComponents()) {
                Object e = c.getAccessor().invoke(expected);
                Object a = c.getAccessor().invoke(actual);
                if (e instanceof double[] ev) {
                    assertEquals(ev.length, ((double[]) a).length);
                    for (int i = 0; i < ev.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(ev[i]), Double.doubleToRawLongBits(((double[]) a)[i]),
                                "trial " + trial + " " + c.getName() + "[" + i + "]");
                    }
                } else {
                    Stat es = (Stat) e;
                    Stat as = (Stat) a;
                    assertArrayEquals(bits(es), bits(as), "trial " + trial + " " + c.getName());
                    if (es.count() < n) {
                        nanCounts++;
                    }
                }
            }
        }
        assertTrue(nanCounts > 20, "the undefined cases were exercised: " + nanCounts);
    }

    private static long[] bits(Stat s) {
        return new long[] {Double.doubleToRawLongBits(s.mean()), Double.doubleToRawLongBits(s.sd()),
                Double.doubleToRawLongBits(s.min()), Double.doubleToRawLongBits(s.max()), s.count()};
    }

    /** Negative control: a quantity declared defined at every input that comes out NaN is refused, not dropped. */
    @Test
    void aNaNWhereTheQuantityIsAlwaysDefinedIsRefused() {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(3);
        NetworkAnalysis.InputResult good = randomInput(rng, 3, 0);
        ResidualAlignmentReport r = good.report();
        org.resalign.core.ra.AlignmentGrid g = r.ra2();
        ResidualAlignmentReport broken = new ResidualAlignmentReport(r.dim(), r.depth(), r.settings(),
                r.topSingularValues(), r.ra1(), new org.resalign.core.ra.AlignmentGrid(g.k(), g.scores(), Double.NaN,
                        g.chanceScores(), g.chanceLevel(), g.matrixBlocks(), g.matrices(), g.adjacent(), g.top1(),
                        g.chanceTop1(), g.transposedScores(), g.transposed(), g.frobeniusCosines(),
                        g.frobeniusCosine()), r.ra3(), r.ra4());
        List<NetworkAnalysis.InputResult> inputs = List.of(good, new NetworkAnalysis.InputResult(1, 1, broken,
                good.theorem31(), good.trajectory(), List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkAnalysis.summarise(inputs, 3));
        assertTrue(e.getMessage().contains("'alignment' is NaN at input 2"), e.getMessage());
        assertEquals(1, positional(inputs, 3).alignment().count(), "the positional summary dropped it silently");
    }
}
