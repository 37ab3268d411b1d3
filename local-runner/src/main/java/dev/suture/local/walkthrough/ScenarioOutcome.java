package dev.suture.local.walkthrough;

/**
 * How one scenario of the walkthrough ended.
 *
 * @param incidentId the incident Suture opened for it
 * @param rootCause its root cause when it opened
 * @param state its state when the scenario ended: {@code RESOLVED} unless something went wrong
 * @param ok client requests answered 2xx while the scenario ran
 * @param shed client requests answered 429 by a rate limit
 * @param failed client requests answered otherwise, or not at all
 */
public record ScenarioOutcome(long incidentId, String rootCause, String state, long ok, long shed, long failed) {}
