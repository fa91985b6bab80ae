package dev.capstan.cli.data;

import dev.capstan.cli.internal.Progress;
import dev.capstan.data.ProgressListener;

import java.io.PrintWriter;

/** Shows a core operation's progress with {@link Progress} (on stderr, so stdout stays parseable), for big tasks only. */
final class CliProgress implements ProgressListener {

    private static final int MIN_STEPS = 50;

    private final PrintWriter err;
    private Progress progress;

    CliProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void begin(String task, int total) {
        progress = total >= MIN_STEPS ? Progress.of(task, total, err) : null;
    }

    @Override
    public synchronized void advance(String item) {
        if (progress != null) {
            progress.step(item);
        }
    }

    @Override
    public synchronized void end() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }
}
