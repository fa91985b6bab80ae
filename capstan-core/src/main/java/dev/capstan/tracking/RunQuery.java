package dev.capstan.tracking;

import java.util.List;

/**
 * A search over the runs of some experiments: a filter in MLflow's grammar
 * ({@code metrics.rmse < 0.8 AND params.model = 'xgb'}), sort keys ({@code metrics.rmse ASC}),
 * a page size (at most 50,000) and the token of the page to return.
 */
public record RunQuery(List<String> experimentIds, String filter, ViewType runViewType, Integer maxResults,
                       List<String> orderBy, String pageToken) {
}
