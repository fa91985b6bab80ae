package dev.capstan.deploy;

/**
 * A deployment as stored: what was declared and where its traffic stands now.
 *
 * @param weight           the candidate's share of requests now, 0–100 (the mirrored share for shadow)
 * @param step             the progressive rollout's current step (0 before the first)
 * @param primaryVersion   the version serving the primary's share
 * @param candidateVersion the candidate's version, or null
 * @param message          why it is in this status (a failed analysis, a manual action), or null
 */
public record Deployment(DeploymentSpec spec, DeploymentStatus status, int weight, int step, String primaryVersion,
                         String candidateVersion, String message, long createdAt, long updatedAt) {

    public String name() {
        return spec.name();
    }

    /** The same deployment in another state. */
    public Deployment with(DeploymentStatus newStatus, int newWeight, int newStep, String newMessage, long now) {
        return new Deployment(spec, newStatus, newWeight, newStep, primaryVersion, candidateVersion, newMessage,
                createdAt, now);
    }

    /** The same deployment serving other versions. */
    public Deployment withVersions(String primary, String candidate, long now) {
        return new Deployment(spec, status, weight, step, primary, candidate, message, createdAt, now);
    }
}
