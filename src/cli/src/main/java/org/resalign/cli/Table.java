package org.resalign.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A two-column human table: label, value, optional note. */
final class Table {

    private final PrintWriter out;

    Table(PrintWriter out) {
        this.out = out;
    }

    void title(String text) {
        out.println(text);
    }

    void row(String label, String value) {
        out.printf(Locale.ROOT, "  %-30s %s%n", label, value);
    }

    void row(String label, double value) {
        row(label, num(value));
    }

    void check(String label, String figure, boolean ok) {
        out.printf(Locale.ROOT, "  %-30s %-42s %s%n", label, figure, ok ? "ok" : "FAIL");
    }

    /**
     * Rows of cells in left-aligned columns, each as wide as its widest cell, two spaces apart and indented as the
     * table's rows; the first row is the header.
     */
    static void columns(PrintWriter out, java.util.List<String[]> rows) {
        int n = rows.get(0).length;
        int[] width = new int[n];
        for (String[] row : rows) {
            for (int c = 0; c < n; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (int c = 0; c < n; c++) {
                line.append(' ').append(c == n - 1 ? row[c] : String.format(Locale.ROOT, "%-" + width[c] + "s ",
                        row[c]));
            }
            out.println(line);
        }
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.12g", v);
    }

    /** A measured figure to four significant digits, for tables of statistics. */
    static String short4(double v) {
        return org.resalign.core.io.Format.fourDigits(v);
    }

    /** An input as typed: {@code 0.01}, {@code 1e-8}, {@code 16}. */
    static String compact(double v) {
        return org.resalign.core.io.Format.compact(v);
    }

    static String sci(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2e", v);
    }
}
