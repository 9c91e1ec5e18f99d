package org.resalign.core.ra;

import org.resalign.core.input.InvalidInputException;

/**
 * What a {@link ResidualAlignmentReport} measures.
 *
 * @param k          singular triplets per block: the frame size of RA2 and the {@code K} of RA3's energy share
 * @param rank       RA3's bound {@code C} (the number of classes; 1 for Theorem 3.1's binary case, App. A)
 * @param windowFrom first block of the RA4 fit (1-based)
 * @param windowTo   last block of the RA4 fit (1-based, inclusive); 0 means the last block
 * @param gridBlocks at most this many blocks, evenly spaced, keep their {@code M_{ij}} matrices for the RA2 plot
 * @param seed       seed of the random frames of RA2's chance level
 */
public record RaSettings(int k, int rank, int windowFrom, int windowTo, int gridBlocks, long seed) {

    public RaSettings {
        if (k < 1) {
            throw new InvalidInputException("k", "{k} must be ≥ 1, got " + k);
        }
        if (rank < 1 || rank >= k) {
            throw new InvalidInputException("rank", "the RA3 {rank} C = " + rank + " needs 1 ≤ C < {k} = " + k);
        }
        if (windowFrom < 1 || windowTo < 0 || (windowTo != 0 && windowTo <= windowFrom)) {
            throw new InvalidInputException("windowFrom", "the RA4 window {windowFrom}..{windowTo} = " + windowFrom
                    + ".." + windowTo + " is empty");
        }
        if (gridBlocks < 0) {
            throw new InvalidInputException("gridBlocks", "{gridBlocks} must be ≥ 0, got " + gridBlocks);
        }
    }

    /** k = 10, C = 1, the whole depth, 8 plotted blocks. */
    public static RaSettings defaults(long seed) {
        return new RaSettings(10, 1, 1, 0, 8, seed);
    }

    /** The same settings with {@code k} clamped to the dimension (RA2 and RA3 need {@code k ≤ D}). */
    public RaSettings forDimension(int dim) {
        int kk = Math.min(k, dim);
        if (rank >= kk) {
            throw new InvalidInputException("rank", "the RA3 {rank} C = " + rank + " needs D > C, got D = " + dim);
        }
        return new RaSettings(kk, rank, windowFrom, windowTo, gridBlocks, seed);
    }

    /** The last block of the RA4 window for a network of {@code depth} blocks. */
    public int windowEnd(int depth) {
        return windowTo == 0 ? depth : windowTo;
    }

    /** The 0-based blocks whose RA2 matrices are kept: {@code min(gridBlocks, depth)} evenly spaced, first and last. */
    public int[] plottedBlocks(int depth) {
        int n = Math.min(gridBlocks, depth);
        int[] blocks = new int[n];
        for (int t = 0; t < n; t++) {
            blocks[t] = n == 1 ? 0 : (int) Math.round((double) t * (depth - 1) / (n - 1));
        }
        return blocks;
    }
}
