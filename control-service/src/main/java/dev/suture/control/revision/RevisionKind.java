package dev.suture.control.revision;

/** What a revision describes. The lowercase name is what the {@code revisions.kind} column holds. */
public enum RevisionKind {
    ROUTE("route"),
    POLICY("policy");

    private final String column;

    RevisionKind(String column) {
        this.column = column;
    }

    /** The value stored in the database, and the word used in messages: {@code route}, {@code policy}. */
    public String column() {
        return column;
    }
}
