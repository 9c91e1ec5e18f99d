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
}
