package org.resalign.bridge;

/**
 * A training set and a test set with the same classes.
 *
 * @param train images the network is trained on (and at which its Residual Jacobians are measured, paper §1.4
 *              footnote 3)
 * @param test  held-out images for the test accuracy
 */
public record Split(Images train, Images test) {

    public Split {
        if (train.classes() != test.classes()) {
            throw new IllegalArgumentException("train has " + train.classes() + " classes, test " + test.classes());
        }
    }

    /** {@code C}. */
    public int classes() {
        return train.classes();
    }
}
