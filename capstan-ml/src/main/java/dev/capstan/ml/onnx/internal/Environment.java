package dev.capstan.ml.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;

import java.util.concurrent.atomic.AtomicReference;

/**
 * ONNX Runtime's process-wide environment, created once on a thread with a 64 MiB stack.
 *
 * <p>Why: when the native library starts, it reads the process's command line, and with a long one (a JVM
 * started with an explicit multi-jar {@code -cp}, as JMH forks are; about 5 KB) that overflowed the 1 MiB stack
 * of an ordinary Java thread and killed the JVM with SIGSEGV and no error report. Started from a thread with a
 * large stack, it works, and later sessions and runs are fine on any thread.
 */
final class Environment {

    private static final long STACK_BYTES = 64L << 20;
    private static volatile OrtEnvironment environment;

    private Environment() {
    }

    static OrtEnvironment get() {
        OrtEnvironment env = environment;
        if (env == null) {
            synchronized (Environment.class) {
                env = environment;
                if (env == null) {
                    env = createOnLargeStack();
                    environment = env;
                }
            }
        }
        return env;
    }

    private static OrtEnvironment createOnLargeStack() {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread starter = new Thread(null, () -> {
            try {
                outcome.set(OrtEnvironment.getEnvironment());
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "onnxruntime-init", STACK_BYTES);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Interrupted while starting ONNX Runtime", e);
        }
        if (outcome.get() instanceof OrtEnvironment env) {
            return env;
        }
        throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Cannot start ONNX Runtime: " + outcome.get(),
                (Throwable) outcome.get());
    }
}
