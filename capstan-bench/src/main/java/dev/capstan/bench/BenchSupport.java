package dev.capstan.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** What the load benchmarks share: {@code --name=value} arguments, percentiles, the machine line, temp files. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** Parses {@code --name=value} arguments; anything else is refused with the list of known names. */
    static Map<String, String> args(String[] args, String... known) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
            if (name == null || !Arrays.asList(known).contains(name)) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "': expected --NAME=VALUE with NAME one of "
                        + String.join(", ", known));
            }
            values.put(name, arg.substring(eq + 1));
        }
        return values;
    }

    static int intArg(Map<String, String> args, String name, int defaultValue) {
        return args.containsKey(name) ? Integer.parseInt(args.get(name)) : defaultValue;
    }

    /** Nearest-rank percentile of nanosecond samples, in milliseconds. */
    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    static String latencies(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)",
                percentileMs(sorted, 50), percentileMs(sorted, 90), percentileMs(sorted, 99),
                percentileMs(sorted, 100), sorted.length);
    }

    static double p50Ms(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return percentileMs(sorted, 50);
    }

    /**
     * One line on the JVM and the machine, and the load average: other work on the machine skews the figures.
     * Also quiets slf4j-simple's INFO lines (Hikari, Flyway) unless a level was set with -D.
     */
    static void printEnvironment(String benchmark) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%s on %s %s (%s), %d CPUs, max heap %d MiB, %s %s%n", benchmark,
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("java.vendor"),
                rt.availableProcessors(), rt.maxMemory() >> 20, System.getProperty("os.name"),
                System.getProperty("os.arch"));
        printLoad("start");
    }

    static void printLoad(String when) {
        System.out.printf(Locale.ROOT, "load average (%s): %.2f%n", when,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }

    static String sqliteUri(Path file) {
        return "sqlite:///" + file.toAbsolutePath();
    }
}
