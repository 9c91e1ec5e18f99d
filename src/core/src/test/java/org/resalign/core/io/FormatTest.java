package org.resalign.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void compactWritesNumbersAsTyped() {
        assertEquals("16", Format.compact(16));
        assertEquals("0.01", Format.compact(1e-2));
        assertEquals("0.5", Format.compact(0.5));
        assertEquals("1e-8", Format.compact(1e-8));
        assertEquals("2.5e-6", Format.compact(2.5e-6));
        assertEquals("-0.125", Format.compact(-0.125));
        assertEquals("0.333333", Format.compact(1.0 / 3));
        assertEquals("NaN", Format.compact(Double.NaN));
    }
}
