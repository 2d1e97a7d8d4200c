package io.kmsmig.spec;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which source secrets a spec selects, and their destination names.
 *
 * @param include      name globs; a secret must match one
 * @param exclude      name globs; a secret must match none
 * @param tags         tags every selected secret carries, exact values
 * @param renamePrefix put in front of every destination name ("" for none)
 * @param renameMap    exact source name to destination name, applied before the prefix
 */
public record Selection(
        List<Glob> include,
        List<Glob> exclude,
        Map<String, String> tags,
        String renamePrefix,
        Map<String, String> renameMap) {
    public Selection {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        renameMap = Collections.unmodifiableSortedMap(new TreeMap<>(renameMap));
    }

    /** Every secret: the default when a spec gives no {@code secrets} section. */
    public static final Selection ALL =
            new Selection(List.of(Glob.compile(Glob.EVERYTHING)), List.of(), Map.of(), "", Map.of());

    /** Whether the name matches the globs (tags are checked separately, once known). */
    public boolean selectsName(String name) {
        return include.stream().anyMatch(g -> g.matches(name))
                && exclude.stream().noneMatch(g -> g.matches(name));
    }

    /** Whether a secret with these tags passes the tag filter. */
    public boolean selectsTags(Map<String, String> secretTags) {
        return tags.entrySet().stream().allMatch(t -> t.getValue().equals(secretTags.get(t.getKey())));
    }

    /** The destination name of a source secret. */
    public String destinationName(String sourceName) {
        return renamePrefix + renameMap.getOrDefault(sourceName, sourceName);
    }

    public boolean renames() {
        return !renamePrefix.isEmpty() || !renameMap.isEmpty();
    }
}
