package org.resalign.core.linalg;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.resalign.core.seed.Seeds;

/**
 * Run by {@link KernelChoiceTest} in a JVM of its own with the CPU's vector width limited by {@code -XX:UseAVX}:
 * prints the preferred species width, the kernel and width {@code auto} chooses, and whether a product of the default
 * operator equals the portable kernel's bit for bit.
 */
public final class KernelChoiceProbe {

    private KernelChoiceProbe() {
    }

    public static void main(String[] args) {
        RandomGenerator rng = Seeds.stream(11, Seeds.Purpose.DATA);
        DMatrixRMaj a = DenseOperatorTest.gaussian(rng, 61, 47);
        DMatrixRMaj x = DenseOperatorTest.gaussian(rng, 47, 40);
        DenseOperator chosen = new DenseOperator(a, 2);
        DenseOperator vector = new DenseOperator(a, 2, DenseOperator.Kernel.VECTOR);
        DenseOperator portable = new DenseOperator(a, 2, DenseOperator.Kernel.PORTABLE);
        double[] expected = portable.times(x).data;
        System.out.println("preferred=" + jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize()
                + " best=" + DenseOperator.Kernel.best() + " chosen=" + chosen.kernel() + " vectorBits="
                + vector.vectorBits() + " identical=" + (Arrays.equals(expected, chosen.times(x).data)
                && Arrays.equals(expected, vector.times(x).data)));
    }
}
