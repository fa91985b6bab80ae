package dev.capstan.ml.onnx.internal;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds ONNX Runtime session options from the onnx flavor's {@code onnx_session_options}, the dictionary
 * {@code mlflow.onnx.save_model} stores and MLflow applies to {@code onnxruntime.SessionOptions}.
 *
 * <p>Defaults, where the model does not say otherwise: one intra-op thread, sequential execution, all graph
 * optimisations. One thread because Capstan serves many small requests concurrently: ONNX Runtime's default
 * intra-op pool (one thread per core) spins and hands off between threads for every run, which costs more than
 * a small model's arithmetic and makes concurrent requests fight over cores. Parallelism comes from serving
 * requests on several threads against the one (thread-safe) session. Models that need intra-op parallelism set
 * {@code intra_op_num_threads} in their options.
 */
public final class SessionSettings {

    private static final List<String> KEYS = List.of("intra_op_num_threads", "inter_op_num_threads",
            "execution_mode", "graph_optimization_level", "extra_session_config", "enable_mem_pattern",
            "enable_cpu_mem_arena", "use_deterministic_compute");

    private SessionSettings() {
    }

    /** Session options for {@code mlflowOptions} ({@code null} or a map); the caller closes them. */
    public static SessionOptions create(Object mlflowOptions) {
        Map<?, ?> options = asMap(mlflowOptions);
        SessionOptions session = new SessionOptions();
        try {
            session.setIntraOpNumThreads(1);
            session.setExecutionMode(ExecutionMode.SEQUENTIAL);
            session.setOptimizationLevel(OptLevel.ALL_OPT);
            for (Map.Entry<?, ?> option : options.entrySet()) {
                apply(session, String.valueOf(option.getKey()), option.getValue());
            }
            return session;
        } catch (OrtException e) {
            session.close();
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "ONNX Runtime rejected onnx_session_options " + options + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static void apply(SessionOptions session, String key, Object value) throws OrtException {
        switch (key) {
            case "intra_op_num_threads" -> session.setIntraOpNumThreads(integer(key, value));
            case "inter_op_num_threads" -> session.setInterOpNumThreads(integer(key, value));
            case "execution_mode" -> session.setExecutionMode(executionMode(value));
            case "graph_optimization_level" -> session.setOptimizationLevel(optLevel(value));
            case "extra_session_config" -> {
                for (Map.Entry<?, ?> entry : asMap(value).entrySet()) {
                    session.addConfigEntry(String.valueOf(entry.getKey()), String.valueOf(entry.getValue()));
                }
            }
            case "enable_mem_pattern" -> session.setMemoryPatternOptimization(bool(key, value));
            case "enable_cpu_mem_arena" -> session.setCPUArenaAllocator(bool(key, value));
            case "use_deterministic_compute" -> session.setDeterministicCompute(bool(key, value));
            default -> throw CapstanException.invalid("Unsupported onnx_session_options key '%s'; supported: %s",
                    key, KEYS);
        }
    }

    private static ExecutionMode executionMode(Object value) {
        String mode = String.valueOf(value).toUpperCase(Locale.ROOT).replace("ORT_", "");
        return switch (mode) {
            case "SEQUENTIAL", "0" -> ExecutionMode.SEQUENTIAL;
            case "PARALLEL", "1" -> ExecutionMode.PARALLEL;
            default -> throw CapstanException.invalid(
                    "onnx_session_options execution_mode must be 'sequential' or 'parallel', found '%s'", value);
        };
    }

    /** Python's {@code GraphOptimizationLevel}: 0, 1, 2, 99 or the {@code ORT_...} names. */
    private static OptLevel optLevel(Object value) {
        String level = String.valueOf(value).toUpperCase(Locale.ROOT).replace("GRAPHOPTIMIZATIONLEVEL.", "");
        return switch (level) {
            case "0", "ORT_DISABLE_ALL" -> OptLevel.NO_OPT;
            case "1", "ORT_ENABLE_BASIC" -> OptLevel.BASIC_OPT;
            case "2", "ORT_ENABLE_EXTENDED" -> OptLevel.EXTENDED_OPT;
            case "99", "ORT_ENABLE_ALL" -> OptLevel.ALL_OPT;
            default -> throw CapstanException.invalid(
                    "onnx_session_options graph_optimization_level must be 0, 1, 2 or 99, found '%s'", value);
        };
    }

    private static int integer(String key, Object value) {
        if (value instanceof Integer i && i >= 0) {
            return i;
        }
        throw CapstanException.invalid("onnx_session_options %s must be a non-negative integer, found '%s'", key, value);
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw CapstanException.invalid("onnx_session_options %s must be true or false, found '%s'", key, value);
    }

    private static Map<?, ?> asMap(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw CapstanException.invalid("onnx_session_options must be a mapping, found '%s'", value);
    }
}
