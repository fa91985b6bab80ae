package dev.capstan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU used during a period by this JVM and by everything else on the machine, from {@code /proc/stat} and
 * {@code /proc/self/stat} (Linux; elsewhere it reports nothing). On a shared 2-core machine, "others" is the
 * interference to note beside a figure.
 */
final class CpuMeter {

    private final long busy;
    private final long total;
    private final long self;

    private CpuMeter(long busy, long total, long self) {
        this.busy = busy;
        this.total = total;
        this.self = self;
    }

    static CpuMeter now() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(cpu[1]);
            long nice = Long.parseLong(cpu[2]);
            long system = Long.parseLong(cpu[3]);
            long idle = Long.parseLong(cpu[4]);
            long iowait = Long.parseLong(cpu[5]);
            long irq = Long.parseLong(cpu[6]);
            long softirq = Long.parseLong(cpu[7]);
            long steal = cpu.length > 8 ? Long.parseLong(cpu[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long self = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return new CpuMeter(busy, busy + idle + iowait, self);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** E.g. {@code CPU (2 cores): this JVM 1.83 cores, other processes 0.12 cores, idle 0.05}. */
    static String since(CpuMeter start) {
        CpuMeter end = now();
        if (start == null || end == null || end.total == start.total) {
            return "CPU: not measured (no /proc)";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double wall = (end.total - start.total) / (double) cores;
        double self = (end.self - start.self) / wall;
        double others = Math.max(0, (end.busy - start.busy) - (end.self - start.self)) / wall;
        return String.format(Locale.ROOT, "CPU (%d cores): this JVM %.2f cores, other processes %.2f cores, idle %.2f",
                cores, self, others, Math.max(0, cores - self - others));
    }
}
