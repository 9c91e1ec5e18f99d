package org.resalign.bridge;

/** Hears about training as it goes; the command line draws a progress bar from it. */
public interface TrainingMonitor {

    /** Training starts (or resumes) with {@code done} of {@code total} steps already taken. */
    void started(long total, long done);

    /** One mini-batch step finished with objective {@code loss}. */
    void step(double loss);

    /** An epoch finished. */
    void epoch(EpochRecord record);

    /** Hears nothing. */
    TrainingMonitor NONE = new TrainingMonitor() {
        @Override
        public void started(long total, long done) {
        }

        @Override
        public void step(double loss) {
        }

        @Override
        public void epoch(EpochRecord record) {
        }
    };
}
