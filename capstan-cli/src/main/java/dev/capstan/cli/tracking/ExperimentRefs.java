package dev.capstan.cli.tracking;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.ExperimentQuery;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;

import java.util.ArrayList;
import java.util.List;

/** Finds experiments the way people name them on the command line: by id or by name. */
final class ExperimentRefs {

    private static final int PAGE_SIZE = 1000;

    private ExperimentRefs() {
    }

    /** The experiment whose id is {@code idOrName} if it is numeric and one has that id, else the one so named. */
    static Experiment resolve(TrackingStore store, String idOrName) {
        if (!idOrName.isEmpty() && idOrName.chars().allMatch(Character::isDigit)) {
            try {
                return store.getExperiment(idOrName);
            } catch (CapstanException e) {
                rethrowUnlessNotFound(e);
            }
        }
        try {
            return store.getExperimentByName(idOrName);
        } catch (CapstanException e) {
            rethrowUnlessNotFound(e);
            throw CapstanException.notFound("No experiment has the id or name '%s'; see `capstan experiments list`",
                    idOrName);
        }
    }

    /** Every experiment in {@code view}, following the pages of the search. */
    static List<Experiment> all(TrackingStore store, ViewType view) {
        List<Experiment> experiments = new ArrayList<>();
        String token = null;
        do {
            Page<Experiment> page = store.searchExperiments(new ExperimentQuery(view, PAGE_SIZE, null, List.of(), token));
            experiments.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return experiments;
    }

    private static void rethrowUnlessNotFound(CapstanException e) {
        if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
            throw e;
        }
    }
}
