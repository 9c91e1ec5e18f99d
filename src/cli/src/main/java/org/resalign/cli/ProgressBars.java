package org.resalign.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntConsumer;

import org.resalign.bridge.EpochRecord;
import org.resalign.bridge.Reproduction;
import org.resalign.bridge.TrainingMonitor;

/**
 * What a command that trains and analyses networks shows as it goes: the bridge's lines for people on the table's
 * stream, and a progress bar for each training and analysis, one at a time ({@code reproduce}, {@code bridge skips},
 * {@code demo}).
 */
class ProgressBars implements Reproduction.Listener {

    private final PrintWriter out;
    final boolean quiet;
    private Progress bar;

    ProgressBars(PrintWriter out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    @Override
    public void message(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public TrainingMonitor training(String label) {
        bar = Progress.of("train " + label, 1, quiet);
        return monitor(bar);
    }

    @Override
    public void trained(String label) {
        close();
    }

    @Override
    public IntConsumer analysing(String label, int inputs) {
        bar = Progress.of("analyze " + label, inputs, quiet);
        Progress b = bar;
        return n -> b.stepTo(n, "");
    }

    @Override
    public void analysed(String label) {
        close();
    }

    /** Closes the bar shown, if any. */
    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** A training monitor that moves {@code bar} step by step, with the loss and the last epoch's test accuracy. */
    static TrainingMonitor monitor(Progress bar) {
        return new TrainingMonitor() {
            long done;
            EpochRecord last;

            @Override
            public void started(long total, long already) {
                done = already;
                bar.resize(total);
                bar.stepTo(done, "");
            }

            @Override
            public void step(double loss) {
                done++;
                bar.stepTo(done, String.format(Locale.ROOT, " loss %.4f%s", loss, last == null ? ""
                        : String.format(Locale.ROOT, "  test acc %.4f", last.testAccuracy())));
            }

            @Override
            public void epoch(EpochRecord record) {
                last = record;
            }
        };
    }
}
