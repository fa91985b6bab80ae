package dev.capstan.server.ui;

import dev.capstan.pipeline.ScheduleStore;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.server.deploy.DeploymentManager;
import dev.capstan.server.serving.TrafficHistory;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.tracking.TrackingStore;

/**
 * What the pages of {@code capstan server} read.
 *
 * @param artifacts   the store behind {@code mlflow-artifacts:} locations, for artifacts and MLmodel files
 * @param deployments the deployments this server runs
 * @param traffic     each served variant's recent requests, errors and latency
 * @param schedules   the commands the server runs on a schedule
 */
public record UiSources(TrackingStore tracking, ModelRegistryStore registry, ArtifactStore artifacts,
                        DeploymentManager deployments, TrafficHistory traffic, ScheduleStore schedules) {
}
