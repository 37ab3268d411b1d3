package dev.suture.control.revision;

/** What a change did to its entity. */
public enum RevisionAction {
    CREATED,
    UPDATED,
    DELETED
}
