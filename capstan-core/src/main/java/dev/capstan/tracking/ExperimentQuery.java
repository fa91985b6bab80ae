package dev.capstan.tracking;

import java.util.List;

/**
 * A search over experiments: a filter in MLflow's grammar (for example {@code name LIKE 'churn%'}),
 * sort keys ({@code last_update_time DESC}), a page size and the token of the page to return.
 */
public record ExperimentQuery(ViewType viewType, Integer maxResults, String filter, List<String> orderBy,
                              String pageToken) {

    public static ExperimentQuery all() {
        return new ExperimentQuery(ViewType.ACTIVE_ONLY, null, null, List.of(), null);
    }
}
