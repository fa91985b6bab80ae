package dev.capstan.pipeline;

import dev.capstan.data.DvcFile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A stage's dependencies, parameter values and outputs as they are now, and why that differs from what
 * {@code dvc.lock} recorded: the decision {@code repro} makes for each stage, as DVC makes it.
 *
 * @param deps   each dependency's hash; an absent file has a null md5
 * @param params the parameter values by file and key
 * @param outs   each output's hash; an absent one has a null md5
 */
public record StageState(List<DvcFile.Output> deps, Map<String, Map<String, Object>> params,
                         List<DvcFile.Output> outs) {

    /** The lock entry this state makes after running {@code stage}. */
    public LockedStage lock(Stage stage) {
        return new LockedStage(stage.cmd(), deps, params, outs, stage.cmdIsList());
    }

    /**
     * Why {@code stage} must run (empty when it need not): never run, command changed, a dependency or parameter
     * changed, an output modified or missing, {@code always_changed}, or no dependencies and outputs at all (DVC's
     * callback stage).
     */
    public List<String> changesSince(Stage stage, Optional<LockedStage> locked) {
        List<String> reasons = new ArrayList<>();
        if (stage.alwaysChanged()) {
            reasons.add("always changed");
        } else if (stage.deps().isEmpty() && stage.outs().isEmpty()) {
            reasons.add("always changed: no dependencies or outputs");
        }
        if (locked.isEmpty()) {
            reasons.add("never run");
            return reasons;
        }
        LockedStage lock = locked.get();
        if (!lock.cmd().equals(stage.cmd())) {
            reasons.add("changed command");
        }
        compare("dep", lock.deps(), deps, reasons);
        compareParams(lock.params(), reasons);
        compare("out", lock.outs(), outs, reasons);
        return reasons;
    }

    private static void compare(String what, List<DvcFile.Output> locked, List<DvcFile.Output> now, List<String> reasons) {
        for (DvcFile.Output current : now) {
            Optional<DvcFile.Output> before = locked.stream().filter(o -> o.path().equals(current.path())).findFirst();
            if (current.md5() == null) {
                reasons.add("deleted " + what + ": " + current.path());
            } else if (before.isEmpty()) {
                reasons.add("new " + what + ": " + current.path());
            } else if (!current.md5().equals(before.get().md5())) {
                reasons.add("modified " + what + ": " + current.path());
            }
        }
        for (DvcFile.Output before : locked) {
            if (now.stream().noneMatch(o -> o.path().equals(before.path()))) {
                reasons.add("removed " + what + ": " + before.path());
            }
        }
    }

    private void compareParams(Map<String, Map<String, Object>> locked, List<String> reasons) {
        params.forEach((file, values) -> values.forEach((key, value) -> {
            Map<String, Object> before = locked.get(file);
            if (before == null || !before.containsKey(key)) {
                reasons.add("new param: " + file + ": " + key);
            } else if (!same(before.get(key), value)) {
                reasons.add("modified param: " + file + ": " + key);
            }
        }));
        locked.forEach((file, values) -> values.keySet().forEach(key -> {
            if (!params.containsKey(file) || !params.get(file).containsKey(key)) {
                reasons.add("removed param: " + file + ": " + key);
            }
        }));
    }

    /** Equal as Python compares parsed YAML: {@code 1 == 1.0}, maps and lists element by element. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            double dx = x.doubleValue();
            double dy = y.doubleValue();
            if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
                return Double.compare(dx, dy) == 0;
            }
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!same(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
