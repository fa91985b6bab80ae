package dev.capstan.ml.train;

import dev.capstan.CapstanException;
import dev.capstan.ml.evaluate.ModelEvaluation;
import dev.capstan.ml.train.internal.Directories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Hyper-parameter search: several trainings on the same prepared data, each with other XGBoost parameters over the
 * config's, and the best by a validation metric kept as the model. A grid tries every combination of the lists; a
 * random search draws {@code trials} combinations (a seeded draw: the same config gives the same trials).
 */
public final class Search {

    private Search() {
    }

    /**
     * A trial: its parameters and its outcome.
     *
     * @param number  1, 2, ... in the order tried
     * @param params  the parameters this trial set over the config's
     * @param outcome what it trained (its package is gone unless it is the best)
     */
    public record Trial(int number, Map<String, Object> params, Training.Outcome outcome) {
    }

    /**
     * The search's result.
     *
     * @param best   the best trial, whose package is at the config's output
     * @param metric the validation metric that chose it
     * @param trials every trial, in order
     */
    public record Result(Trial best, String metric, List<Trial> trials) {
    }

    public static Result run(TrainConfig config) {
        TrainConfig.SearchSettings search = config.search();
        Training.Prepared data = Training.prepare(config);
        if (data.validationMatrix() == null) {
            throw CapstanException.invalid("%s: a search picks its best trial on validation rows; give split.validation "
                    + "above 0", config.file());
        }
        String metric = search.metric() != null ? search.metric()
                : config.model().type().classifier() ? "log_loss" : "root_mean_squared_error";
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
        List<Map<String, Object>> combinations = combinations(search, config.split().seed());
        for (int i = 0; i < combinations.size(); i++) {
            Map<String, Object> params = new LinkedHashMap<>(config.model().params());
            params.putAll(combinations.get(i));
            Path dir = config.output().resolveSibling("." + config.output().getFileName() + "-trial-" + (i + 1));
            Trial trial = new Trial(i + 1, combinations.get(i), Training.fit(data, params, dir));
            trials.add(trial);
            if (best == null || better(trial, best, metric)) {
                if (best != null) {
                    Directories.delete(best.outcome().model());
                }
                best = trial;
            } else {
                Directories.delete(dir);
            }
        }
        return new Result(keep(best, config.output()), metric, trials);
    }

    private static boolean better(Trial trial, Trial best, String metric) {
        double now = value(trial, metric);
        double before = value(best, metric);
        return ModelEvaluation.lowerIsBetter(metric) ? now < before : now > before;
    }

    private static double value(Trial trial, String metric) {
        Double value = trial.outcome().validation().metrics().get(metric);
        if (value == null) {
            throw CapstanException.invalid("search: the validation rows have no metric '%s'; they have %s", metric,
                    trial.outcome().validation().metrics().keySet());
        }
        return value;
    }

    /** The trials' parameter combinations: every one of a grid, or {@code trials} seeded draws. */
    static List<Map<String, Object>> combinations(TrainConfig.SearchSettings search, long seed) {
        if (search.method().equals("grid")) {
            List<Map<String, Object>> grid = new ArrayList<>(List.of(new LinkedHashMap<>()));
            search.space().forEach((name, choices) -> {
                List<Map<String, Object>> next = new ArrayList<>();
                for (Map<String, Object> partial : grid) {
                    for (Object choice : (List<?>) choices) {
                        Map<String, Object> combination = new LinkedHashMap<>(partial);
                        combination.put(name, choice);
                        next.add(combination);
                    }
                }
                grid.clear();
                grid.addAll(next);
            });
            return grid;
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> draws = new ArrayList<>();
        for (int t = 0; t < search.trials(); t++) {
            Map<String, Object> draw = new LinkedHashMap<>();
            search.space().forEach((name, dimension) -> draw.put(name, draw(dimension, random)));
            draws.add(draw);
        }
        return draws;
    }

    private static Object draw(Object dimension, SplittableRandom random) {
        if (dimension instanceof List<?> choices) {
            return choices.get(random.nextInt(choices.size()));
        }
        Map<?, ?> range = (Map<?, ?>) dimension;
        double min = ((Number) range.get("min")).doubleValue();
        double max = ((Number) range.get("max")).doubleValue();
        double value = Boolean.TRUE.equals(range.get("log"))
                ? Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)))
                : min + random.nextDouble() * (max - min);
        return Boolean.TRUE.equals(range.get("integer")) ? (Object) Math.round(value) : (Object) value;
    }

    /** Puts the best trial's package at the output and the trial's outcome there too. */
    private static Trial keep(Trial best, Path output) {
        try {
            Directories.delete(output);
            Files.move(best.outcome().model(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move the best trial's model to " + output, e);
        }
        Training.Outcome o = best.outcome();
        return new Trial(best.number(), best.params(), new Training.Outcome(output, o.type(), o.classes(), o.params(),
                o.booster(), o.rows(), o.validation(), o.test()));
    }
}
