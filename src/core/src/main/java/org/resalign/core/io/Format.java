package org.resalign.core.io;

import java.util.Locale;

/** Number formats shared by tables, Markdown and plot titles. */
public final class Format {

    private Format() {
    }

    /** A number as a person would type it: {@code 16}, {@code 0.01}, {@code 1e-8}, {@code 0.5}, {@code 2.5e6}. */
    public static String compact(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + "e" + Integer.parseInt(s.substring(e + 1));
    }

    /**
     * A measured figure to four significant digits, for tables of statistics: {@code 0.6292}, {@code 3.073},
     * {@code 0.08839}; below {@code 1e-3} or from {@code 1e5} on in scientific notation ({@code 1.375e-10}), and
     * {@code n/a}, {@code inf}, {@code -inf} for what is not finite.
     */
    public static String fourDigits(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
