package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FashionMnistTest {

    static final int SIDE = ResNetSpec.INPUT_SIZE;
    static final int[] TRAIN_LABELS = {3, 0, 7, 3, 1, 9, 0, 0};
    static final int[] TEST_LABELS = {0, 5, 3};

    @TempDir
    Path dir;

    /** A miniature FashionMNIST: the training files gzipped, the test files plain. */
    @BeforeEach
    void writeFiles() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"),
                IdxFileTest.imageFile(IdxFileTest.pattern(TRAIN_LABELS.length), true));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFileTest.labelFile(TRAIN_LABELS, true));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"),
                IdxFileTest.imageFile(IdxFileTest.pattern(TEST_LABELS.length), false));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFileTest.labelFile(TEST_LABELS, false));
    }

    /** The standardisation written out by hand: {@code (p/255 − 0.2860)/0.3530}. */
    static float standardised(int raw) {
        return (float) ((raw / 255.0 - 0.2860) / 0.3530);
    }

    @Test
    void aSubsetIsRelabelledInTheGivenOrderAndStandardised() {
        Split s = FashionMnist.load(dir, new int[] {3, 0});
        // training images 0, 1, 3, 6, 7 carry labels 3, 0, 3, 0, 0: class 3 becomes 0, class 0 becomes 1
        assertArrayEquals(new int[] {0, 1, 0, 1, 1}, s.train().labels());
        assertArrayEquals(new int[] {1, 0}, s.test().labels());
        assertEquals(2, s.classes());
        assertArrayEquals(new String[] {"Dress", "T-shirt/top"}, s.train().classNames());
        assertArrayEquals(new int[] {2, 3}, s.train().classCounts());

        int[] kept = {0, 1, 3, 6, 7};
        byte[] raw = IdxFileTest.pattern(TRAIN_LABELS.length);
        for (int m = 0; m < kept.length; m++) {
            for (int p = 0; p < SIDE; p++) {
                assertEquals(standardised(raw[kept[m] * SIDE + p] & 0xFF), s.train().pixels()[m * SIDE + p], 1e-6f);
            }
        }
        // the test labels 0, 5, 3 keep images 0 and 2, in that order
        byte[] testRaw = IdxFileTest.pattern(TEST_LABELS.length);
        assertEquals(standardised(testRaw[2 * SIDE + 5] & 0xFF), s.test().pixels()[SIDE + 5], 1e-6f);
        // the formula at its ends
        assertEquals(-0.2860 / 0.3530, standardised(0), 1e-6);
        assertEquals((1 - 0.2860) / 0.3530, standardised(255), 1e-6);
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : s.train().pixels()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertEquals(standardised(0), lo, 1e-6f);
        assertEquals(standardised(255), hi, 1e-6f);
    }

    @Test
    void aLimitKeepsTheFirstImagesOfEachClassAndTheWholeTestSplit() {
        Split s = FashionMnist.load(dir, new int[] {3, 0}, 2);
        // class 3 at images 0 and 3, class 0 at 1 and 6 (7 is the third 0, left out)
        assertArrayEquals(new int[] {0, 1, 0, 1}, s.train().labels());
        byte[] raw = IdxFileTest.pattern(TRAIN_LABELS.length);
        assertEquals(standardised(raw[6 * SIDE + 4] & 0xFF), s.train().pixels()[3 * SIDE + 4], 1e-6f);
        assertArrayEquals(new int[] {1, 0}, s.test().labels());
        assertArrayEquals(FashionMnist.load(dir, new int[] {3, 0}).train().labels(),
                FashionMnist.load(dir, new int[] {3, 0}, 0).train().labels(), "0 keeps all");
        assertArrayEquals(new int[] {0, 1, 0, 1, 1}, FashionMnist.load(dir, new int[] {3, 0}, 3).train().labels());
        assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(dir, new int[] {3, 0}, -1));
    }

    @Test
    void theOrderOfTheClassesDecidesTheLabels() {
        Split a = FashionMnist.load(dir, new int[] {0, 3});
        assertArrayEquals(new int[] {1, 0, 1, 0, 0}, a.train().labels());
        assertArrayEquals(new String[] {"T-shirt/top", "Dress"}, a.train().classNames());
        Split b = FashionMnist.load(dir, new int[] {9, 7, 1});
        assertArrayEquals(new int[] {1, 2, 0}, b.train().labels());
        assertEquals(0, b.test().size(), "no test image has these classes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3,3", "0,10", "-1,2", "4"})
    void badClassListsAreRefused(String list) {
        int[] chosen = DatasetSpec.parseClasses(list);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(dir, chosen));
        String m = e.getMessage();
        switch (list) {
            case "3,3" -> assertTrue(m.contains("class 3 is listed twice"), m);
            case "0,10" -> assertTrue(m.contains("class 10 is outside 0..9"), m);
            case "-1,2" -> assertTrue(m.contains("class -1 is outside 0..9"), m);
            default -> assertTrue(m.contains("at least two classes"), m);
        }
    }

    @Test
    void aMissingCustomFolderIsNamed() {
        Path nowhere = dir.resolve("not-here");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.load(nowhere, new int[] {0, 1}));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("apt-get"), "only the package's own folder comes from the package");
    }

    @Test
    void theMissingDefaultFolderNamesTheDebianPackage() {
        String m = FashionMnist.notInstalled(FashionMnist.DEFAULT_DIR).getMessage();
        assertTrue(m.contains("dataset-fashion-mnist") && m.contains(FashionMnist.DEFAULT_DIR.toString()), m);
        Assumptions.assumeFalse(Files.exists(FashionMnist.DEFAULT_DIR), "FashionMNIST is installed here");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.load(FashionMnist.DEFAULT_DIR, new int[] {0, 1}));
        assertEquals(m, e.getMessage());
    }

    @Test
    void aMissingOrInconsistentFileIsNamed() throws IOException {
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        Files.delete(labels);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.load(dir, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());

        // four labels for three images
        Files.write(labels, IdxFileTest.labelFile(new int[] {0, 1, 2, 3}, false));
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.load(dir, new int[] {0, 1}));
        assertTrue(f.getMessage().contains("3 images") && f.getMessage().contains("4 labels"), f.getMessage());

        // a label FashionMNIST does not have
        Files.write(labels, IdxFileTest.labelFile(new int[] {0, 10, 2}, false));
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.load(dir, new int[] {0, 1}));
        assertTrue(g.getMessage().contains("label 10") && g.getMessage().contains(labels.toString()), g.getMessage());
    }

    @Test
    void theInstalledDatasetHasSixThousandTrainingAndOneThousandTestImagesPerClass() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "FashionMNIST is not installed");
        Split s = FashionMnist.load(FashionMnist.DEFAULT_DIR, new int[] {0, 1});
        assertEquals(12000, s.train().size());
        assertEquals(2000, s.test().size());
        assertArrayEquals(new int[] {6000, 6000}, s.train().classCounts());
        assertArrayEquals(new int[] {1000, 1000}, s.test().classCounts());
        assertArrayEquals(new String[] {"T-shirt/top", "Trouser"}, s.train().classNames());
        double sum = 0;
        for (float v : s.train().pixels()) {
            assertTrue(v >= standardised(0) - 1e-6 && v <= standardised(255) + 1e-6);
            sum += v;
        }
        // standardised with the whole training set's statistics, two of its classes average near 0
        double mean = sum / s.train().pixels().length;
        assertTrue(Math.abs(mean) < 0.2, "mean standardised pixel " + mean);
    }
}
