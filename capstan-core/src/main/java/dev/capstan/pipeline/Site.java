package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.data.internal.YamlTree;

import java.util.Map;

/**
 * Where in {@code dvc.yaml} an error is: the file, the stage (null for top-level sections) and the stage's line,
 * used when the key at fault has no line of its own. Messages read {@code dvc.yaml:12: stage 'train': ...}.
 */
record Site(YamlTree tree, String stage, int line) {

    /** An error at the line of {@code key} in {@code map} (a mapping of the tree), else at the stage's line. */
    CapstanException error(Map<?, ?> map, String key, String format, Object... args) {
        int at = map == null || key == null ? 0 : tree.line(map, key);
        String prefix = stage == null ? "" : "stage '" + stage + "': ";
        return tree.error(at == 0 ? line : at, prefix + String.format(format, args));
    }

    /** An error at the stage's line. */
    CapstanException error(String format, Object... args) {
        return error(null, null, format, args);
    }

    /** The same place for a stage generated from this one (a {@code foreach} or {@code matrix} iteration). */
    Site named(String generated) {
        return new Site(tree, generated, line);
    }
}
