package dev.capstan.cli.internal;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;

/**
 * Progress of a task with a known number of steps: a progress bar on a terminal, plain periodic lines otherwise
 * (the bar library renders poorly into pipes and log files).
 */
public interface Progress extends AutoCloseable {

    /** Records one finished step; {@code status} says briefly what it did. */
    void step(String status);

    @Override
    void close();

    /** A bar when a console is attached, otherwise about ten lines on {@code out}. */
    static Progress of(String task, int totalSteps, PrintWriter out) {
        return System.console() != null ? new Bar(task, totalSteps) : new Lines(task, totalSteps, out);
    }

    /** A terminal progress bar. */
    final class Bar implements Progress {
        private final ProgressBar bar;

        Bar(String task, int totalSteps) {
            this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100).build();
        }

        @Override
        public void step(String status) {
            bar.setExtraMessage(" " + status);
            bar.step();
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** One line per tenth of the work, for logs and pipes. */
    final class Lines implements Progress {
        private final String task;
        private final int totalSteps;
        private final int every;
        private final PrintWriter out;
        private int done;

        public Lines(String task, int totalSteps, PrintWriter out) {
            this.task = task;
            this.totalSteps = totalSteps;
            this.every = Math.max(1, totalSteps / 10);
            this.out = out;
        }

        @Override
        public void step(String status) {
            done++;
            if (done % every == 0 || done == totalSteps) {
                out.printf("%s: %d/%d (%d%%) %s%n", task, done, totalSteps, 100 * done / Math.max(1, totalSteps), status);
                out.flush();
            }
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
