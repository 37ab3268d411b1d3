package dev.suture.control.revision;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The fields in which two versions of a spec differ, as dotted paths such as {@code retry.maxAttempts}. Objects are
 * compared field by field; an array counts as one field, because "upstreams changed" is what a reader wants to know,
 * not which index moved.
 */
public final class ChangedFields {

    private ChangedFields() {}

    /** Sorted paths of every field that differs; empty when the two are equal. */
    public static List<String> between(JsonNode before, JsonNode after) {
        List<String> changed = new ArrayList<>();
        collect("", before, after, changed);
        return changed.stream().sorted().toList();
    }

    private static void collect(String path, JsonNode before, JsonNode after, List<String> changed) {
        if (before.equals(after)) {
            return;
        }
        if (!before.isObject() || !after.isObject()) {
            changed.add(path);
            return;
        }
        Set<String> names = new TreeSet<>(before.propertyNames());
        names.addAll(after.propertyNames());
        for (String name : names) {
            collect(path.isEmpty() ? name : path + "." + name, before.path(name), after.path(name), changed);
        }
    }
}
