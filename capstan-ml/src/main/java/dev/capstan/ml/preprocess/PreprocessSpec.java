package dev.capstan.ml.preprocess;

import dev.capstan.CapstanException;
import dev.capstan.ml.preprocess.Step.Impute;
import dev.capstan.ml.preprocess.Step.OneHot;
import dev.capstan.ml.preprocess.Step.Scale;
import dev.capstan.ml.preprocess.Step.SelectKBest;
import dev.capstan.ml.preprocess.internal.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code preprocessing:} list of {@code train.yaml}, as a YAML reader gives it (a list of one-key maps),
 * into {@link Step}s. Every message names the step index and key, e.g. {@code preprocessing[1].scale.method}.
 *
 * <pre>
 * preprocessing:
 *   - impute: {columns: [age, income], strategy: median}       # mean (default) | median | most_frequent | constant
 *   - impute: {columns: [city], strategy: constant, fill_value: unknown}
 *   - scale: {columns: [age, income], method: standard}        # standard | minmax
 *   - one_hot: {columns: [city, plan], handle_unknown: ignore} # error (default) | ignore
 *   - select_k_best: {k: 20, score: f_classif}                 # f_classif (default) | chi2 | f_regression
 * </pre>
 */
public final class PreprocessSpec {

    private PreprocessSpec() {
    }

    /** The steps of a {@code preprocessing:} list; an absent list (null) is no steps. */
    public static List<Step> parse(List<?> items) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            steps.add(step(i, items.get(i)));
        }
        return List.copyOf(steps);
    }

    private static Step step(int index, Object item) {
        String where = "preprocessing[" + index + "]";
        if (!(item instanceof Map<?, ?> map) || map.size() != 1) {
            throw CapstanException.invalid("%s: expected a map with one key (impute, scale, one_hot or select_k_best),"
                    + " found %s", where, item);
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        String name = String.valueOf(entry.getKey());
        if (!(entry.getValue() instanceof Map<?, ?> settings)) {
            throw CapstanException.invalid("%s.%s: expected a map of settings, found %s",
                    where, name, entry.getValue());
        }
        return build(name, where + "." + name, settings);
    }

    private static Step build(String name, String where, Map<?, ?> map) {
        switch (name) {
            case "impute":
                return impute(new Settings(where, map, Set.of("columns", "strategy", "fill_value")));
            case "scale":
                Settings scale = new Settings(where, map, Set.of("columns", "method"));
                return new Scale(scale.columns(), scale.choice("method", Scale.Method.class, null));
            case "one_hot":
                Settings oneHot = new Settings(where, map, Set.of("columns", "handle_unknown"));
                return new OneHot(oneHot.columns(),
                        oneHot.choice("handle_unknown", OneHot.HandleUnknown.class, OneHot.HandleUnknown.ERROR));
            case "select_k_best":
                Settings select = new Settings(where, map, Set.of("k", "score"));
                return new SelectKBest(select.positiveInt("k"),
                        select.choice("score", SelectKBest.Score.class, SelectKBest.Score.F_CLASSIF));
            default:
                throw CapstanException.invalid("%s: unknown step; expected impute, scale, one_hot or select_k_best",
                        where);
        }
    }

    private static Step impute(Settings s) {
        Impute.Strategy strategy = s.choice("strategy", Impute.Strategy.class, Impute.Strategy.MEAN);
        if (s.has("fill_value") && strategy != Impute.Strategy.CONSTANT) {
            throw s.fail("fill_value: only used with strategy constant, not %s", Step.keyword(strategy));
        }
        return new Impute(s.columns(), strategy, s.scalar("fill_value"));
    }
}
