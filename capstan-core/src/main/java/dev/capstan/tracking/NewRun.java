package dev.capstan.tracking;

import java.util.List;

/** What a client asks for when it creates a run; every field but the experiment may be absent. */
public record NewRun(String experimentId, String userId, String runName, Long startTime, List<Tag> tags) {
}
