package org.resalign.core.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import org.junit.jupiter.api.Test;
import org.resalign.core.seed.Seeds.Purpose;

/**
 * The streams of {@link Seeds} are exactly those the committed results were drawn from: the former
 * {@code stream(seed, purpose)} (rewritten here from its definition, not called) fed with the sub-seeds its callers
 * mixed by hand, {@code seed·1000003 + epoch} (training shuffle), {@code (seed·1000003 + block)·1000000007 + step}
 * (stochastic depth), {@code seed·1000003 + name.hashCode()} (proof audit).
 */
class SeedsTest {

    /** The purposes in their fixed order; a stream depends on the ordinal. */
    private static final List<String> ORDER = List.of("DATA", "INITIALISATION", "PERTURBATION", "SEARCH", "SKETCH",
            "FRAMES", "PROOF_AUDIT", "SHUFFLE", "ANALYSED_INPUTS", "STOCHASTIC_DEPTH", "LESIONS", "PATHS",
            "COLLAPSE_INPUTS");

    /** The former definition: SplitMix64 of {@code seed + golden·(ordinal + 1)} seeds an L64X128MixRandom. */
    private static RandomGenerator formerStream(long seed, int ordinal) {
        long z = seed + 0x9E3779B97F4A7C15L * (ordinal + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return RandomGeneratorFactory.<RandomGenerator>of("L64X128MixRandom").create(z);
    }

    private static void assertSameDraws(RandomGenerator expected, RandomGenerator actual, String what) {
        for (int k = 0; k < 4; k++) {
            assertEquals(expected.nextLong(), actual.nextLong(), what + ", draw " + k);
        }
        assertEquals(Double.doubleToRawLongBits(expected.nextGaussian()),
                Double.doubleToRawLongBits(actual.nextGaussian()), what + ", Gaussian");
        assertEquals(expected.nextInt(1000), actual.nextInt(1000), what + ", bounded int");
    }

    private static long[] seeds() {
        final List<Long> seeds = new ArrayList<>(List.of(0L, 1L, -1L, 7L, 42L, 1_000_003L, Long.MAX_VALUE,
                Long.MIN_VALUE, Long.MIN_VALUE + 1));
        final SplittableRandom r = new SplittableRandom(2023);
        for (int k = 0; k < 40; k++) {
            seeds.add(r.nextLong());
            seeds.add((long) r.nextInt(1_000_000));
        }
        return seeds.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void purposesKeepTheirOrdinals() {
        final List<String> names = new ArrayList<>();
        for (Purpose p : Purpose.values()) {
            names.add(p.name());
        }
        assertEquals(ORDER, names);
    }

    @Test
    void pathFreeStreamsEqualTheFormerOnes() {
        for (long seed : seeds()) {
            for (Purpose p : Purpose.values()) {
                if (p.pathLength() == 0) {
                    assertSameDraws(formerStream(seed, ORDER.indexOf(p.name())), Seeds.stream(seed, p),
                            p + " seed " + seed);
                }
            }
        }
    }

    @Test
    void shuffleStreamsEqualSeedTimes1000003PlusEpoch() {
        for (long seed : seeds()) {
            for (int epoch : new int[] {0, 1, 2, 3, 17, 200, Integer.MAX_VALUE}) {
                assertSameDraws(formerStream(seed * 1_000_003L + epoch, 7),
                        Seeds.stream(seed, Purpose.SHUFFLE, epoch), "shuffle seed " + seed + " epoch " + epoch);
            }
        }
    }

    @Test
    void stochasticDepthStreamsEqualTheFormerTwoLevelMix() {
        for (long seed : seeds()) {
            for (int block : new int[] {0, 1, 5, 31}) {
                for (long step : new long[] {0, 1, 17, 123_456, 1L << 40}) {
                    assertSameDraws(formerStream((seed * 1_000_003L + block) * 1_000_000_007L + step, 9),
                            Seeds.stream(seed, Purpose.STOCHASTIC_DEPTH, block, step),
                            "stochastic depth seed " + seed + " block " + block + " step " + step);
                }
            }
        }
    }

    @Test
    void proofAuditStreamsEqualSeedTimes1000003PlusTheNameHash() {
        // Names with negative hash codes check that the int is sign-extended, as it was by the former long sum.
        final String[] names = {"", "lemma", "lemma/twin", "zzzzzzzz", "thm33.step4", "theorem 3.1 (ii) / twin"};
        assertTrue("zzzzzzzz".hashCode() < 0);
        for (long seed : seeds()) {
            for (String name : names) {
                assertSameDraws(formerStream(seed * 1_000_003L + name.hashCode(), 6),
                        Seeds.stream(seed, Purpose.PROOF_AUDIT, name.hashCode()),
                        "proof audit seed " + seed + " name '" + name + "'");
            }
        }
    }

    @Test
    void firstDrawsAsRecordedFromTheFormerImplementation() {
        // Recorded by running the former Seeds (no copy involved): first nextLong of each stream.
        final String[] byPurposeAt42 = {"7162224c1538e7ef", "b8bc25ff4a8679c7", "75d3f6f128d8da63",
                "98cf2ce367504a64", "2c271b64bc76ab96", "c99f992bbeb94766", null, null, "d7bc1dce35dc5fa3", null, null,
            null, null}; // the purposes after STOCHASTIC_DEPTH came later: the mix formula covers them
        for (Purpose p : Purpose.values()) {
            if (byPurposeAt42[p.ordinal()] != null) {
                assertEquals(byPurposeAt42[p.ordinal()], Long.toHexString(Seeds.stream(42, p).nextLong()), p::name);
            }
        }
        assertEquals("34f5c9594d381e1c", Long.toHexString(Seeds.stream(7, Purpose.SHUFFLE, 3).nextLong()));
        assertEquals("5cc21fe630a579ec",
                Long.toHexString(Seeds.stream(7, Purpose.STOCHASTIC_DEPTH, 2, 1234).nextLong()));
        assertEquals("ef4f6c4656dbfc40",
                Long.toHexString(Seeds.stream(7, Purpose.PROOF_AUDIT, "lemma".hashCode()).nextLong()));
        assertEquals("6bfafc998edaf40a",
                Long.toHexString(Seeds.stream(-5, Purpose.PROOF_AUDIT, "zzzzzzzz".hashCode()).nextLong()));
    }

    @Test
    void everyPathElementAndThePurposeChangeTheStream() {
        // Negative controls: the streams above are not all one stream.
        final long base = Seeds.stream(7, Purpose.STOCHASTIC_DEPTH, 2, 17).nextLong();
        assertNotEquals(base, Seeds.stream(8, Purpose.STOCHASTIC_DEPTH, 2, 17).nextLong(), "seed");
        assertNotEquals(base, Seeds.stream(7, Purpose.STOCHASTIC_DEPTH, 3, 17).nextLong(), "block");
        assertNotEquals(base, Seeds.stream(7, Purpose.STOCHASTIC_DEPTH, 2, 18).nextLong(), "step");
        assertNotEquals(base, Seeds.stream(7, Purpose.STOCHASTIC_DEPTH, 17, 2).nextLong(), "order of the path");
        assertNotEquals(Seeds.stream(7, Purpose.SHUFFLE, 3).nextLong(),
                Seeds.stream(7, Purpose.PROOF_AUDIT, 3).nextLong(), "purpose");
        // ...and the former helper with a wrong ordinal does not reproduce a stream.
        assertNotEquals(formerStream(42, 1).nextLong(), Seeds.stream(42, Purpose.DATA).nextLong());
    }

    @Test
    void aPathOfTheWrongLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Seeds.stream(1, Purpose.SHUFFLE));
        assertThrows(IllegalArgumentException.class, () -> Seeds.stream(1, Purpose.SHUFFLE, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Seeds.stream(1, Purpose.DATA, 0));
        assertThrows(IllegalArgumentException.class, () -> Seeds.stream(1, Purpose.STOCHASTIC_DEPTH, 1));
    }

    @Test
    void onSphereHasTheRadiusAndFollowsTheStream() {
        final double[] v = Seeds.onSphere(Seeds.stream(3, Purpose.DATA), 7, 2.5);
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        assertEquals(2.5, Math.sqrt(sum), 1e-14);
        // The direction is the normalised first seven Gaussians of the stream.
        final RandomGenerator rng = formerStream(3, 0);
        final double[] g = new double[7];
        double n2 = 0;
        for (int k = 0; k < 7; k++) {
            g[k] = rng.nextGaussian();
            n2 += g[k] * g[k];
        }
        for (int k = 0; k < 7; k++) {
            assertEquals(2.5 * g[k] / Math.sqrt(n2), v[k], 1e-14);
        }
    }
}
