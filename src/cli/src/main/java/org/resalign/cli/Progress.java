package org.resalign.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import org.resalign.core.opt.IterationMonitor;

/**
 * A progress bar on standard error for long runs, shown only when standard error is a terminal (so logs and
 * {@code --json -} pipes stay clean).
 */
final class Progress implements IterationMonitor, AutoCloseable {

    /**
     * Runs as each long task starts, once its command has checked every input it can check up front; the test that
     * gives every option hostile values stops the command here.
     */
    static volatile Runnable onStart = () -> { };

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress of(String task, long max, boolean quiet) {
        onStart.run();
        if (quiet || System.console() == null) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build());
    }

    @Override
    public void iteration(int iteration, double value, double gradientNorm) {
        if (bar != null) {
            bar.stepTo(iteration);
            bar.setExtraMessage(String.format(" f=%.12g |g|=%.2e", value, gradientNorm));
        }
    }

    /** Sets the number of steps of a counted task. */
    void resize(long max) {
        if (bar != null) {
            bar.maxHint(max);
        }
    }

    /** Moves a counted task to {@code n} done, with a short message after the bar. */
    void stepTo(long n, String message) {
        if (bar != null) {
            bar.stepTo(n);
            bar.setExtraMessage(message);
        }
    }

    /** Advances a counted task (not an optimiser) by one. */
    void step() {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
