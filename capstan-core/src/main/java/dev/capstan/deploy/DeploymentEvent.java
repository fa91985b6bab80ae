package dev.capstan.deploy;

/**
 * One transition of a deployment: who or what made it, what it did, and why.
 *
 * @param seq    the event's number within the deployment, from 1
 * @param actor  a user's name, or {@code rollout} for the automatic analysis
 * @param action {@code create}, {@code set-weight}, {@code step}, {@code promote}, {@code rollback}, {@code abort},
 *               {@code delete}, ...
 * @param status the status after the transition
 * @param weight the candidate's weight after the transition
 */
public record DeploymentEvent(String name, int seq, long time, String actor, String action, DeploymentStatus status,
                              int weight, String reason) {
}
