package dev.capstan.deploy;

/** Where a deployment stands. */
public enum DeploymentStatus {
    /** Serving as declared; no rollout is moving it. */
    ACTIVE,
    /** A progressive rollout is stepping through its weights. */
    PROGRESSING,
    /** A progressive rollout waits to be promoted by hand. */
    PAUSED,
    /** The candidate took all traffic and became the primary. */
    PROMOTED,
    /** Analysis failed: the candidate was set to 0 % and the reason recorded. */
    DEGRADED,
    /** Rolled back by hand: the candidate gets no traffic. */
    ROLLED_BACK
}
