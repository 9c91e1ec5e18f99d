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

    @Test
    void fourDigitsKeepsFourSignificantDigits() {
        assertEquals("0.6292", Format.fourDigits(0.62917));
        assertEquals("3.073", Format.fourDigits(3.0734));
        assertEquals("0.08839", Format.fourDigits(0.088394));
        assertEquals("1.000", Format.fourDigits(0.99999));
        assertEquals("0.000", Format.fourDigits(0));
        assertEquals("0.001000", Format.fourDigits(1e-3));
        assertEquals("-1.375e-10", Format.fourDigits(-1.3754e-10));
        assertEquals("9.999e+04", Format.fourDigits(99990.4));
        assertEquals("1.000e+05", Format.fourDigits(1e5));
        assertEquals("n/a", Format.fourDigits(Double.NaN));
        assertEquals("inf", Format.fourDigits(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Format.fourDigits(Double.NEGATIVE_INFINITY));
    }
}
