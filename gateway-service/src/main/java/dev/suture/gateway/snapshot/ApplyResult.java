package dev.suture.gateway.snapshot;

/** What became of one snapshot: applied, rejected with a reason, or ignored because it was not newer. */
public sealed interface ApplyResult {

    /** The snapshot version; 0 when a rejected snapshot was too broken to tell. */
    long version();

    /** The gateway now routes by this version. */
    record Applied(long version, int routes, int ejections, int failovers, boolean routesRefreshed, long tookMillis)
            implements ApplyResult {}

    /** The gateway keeps routing by its previous version. */
    record Rejected(long version, String reason) implements ApplyResult {}

    /** Not newer than the version in force, so nothing changed and nothing is answered. */
    record Ignored(long version, long appliedVersion) implements ApplyResult {}
}
