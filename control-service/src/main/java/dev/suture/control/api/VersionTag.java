package dev.suture.control.api;

/** The entity tag of a stored version: the version number in quotes, for example {@code "3"}. */
public final class VersionTag {

    private VersionTag() {}

    public static String of(long version) {
        return "\"" + version + "\"";
    }
}
