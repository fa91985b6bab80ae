package dev.capstan.registry;

import java.util.List;

/** A search over registered models or model versions, in MLflow's filter grammar, with paging. */
public record RegistryQuery(String filter, Integer maxResults, List<String> orderBy, String pageToken) {
}
