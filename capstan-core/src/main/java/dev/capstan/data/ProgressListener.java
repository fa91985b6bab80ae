package dev.capstan.data;

/** Hears how a long operation advances; implementations must accept calls from several threads. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
        @Override
        public void begin(String task, int total) {
        }

        @Override
        public void advance(String item) {
        }

        @Override
        public void end() {
        }
    };

    /** A task of {@code total} steps starts. */
    void begin(String task, int total);

    /** One step of the current task finished; {@code item} names what it did. */
    void advance(String item);

    /** The current task finished. */
    void end();
}
