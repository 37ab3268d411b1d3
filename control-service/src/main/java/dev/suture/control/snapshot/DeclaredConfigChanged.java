package dev.suture.control.snapshot;

/**
 * Published inside the transaction that changes a route or a policy. Once that transaction commits, a new config
 * snapshot is built and pushed; a rolled-back change pushes nothing.
 *
 * @param cause what changed, for the log line of the new version, for example {@code route orders updated}
 */
public record DeclaredConfigChanged(String cause) {}
