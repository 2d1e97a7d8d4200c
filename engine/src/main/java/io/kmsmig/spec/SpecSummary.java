package io.kmsmig.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A one-line summary of what a spec selects and does, for {@code validate} and plan headers. */
public final class SpecSummary {
    private SpecSummary() {}

    public static String of(MigrationSpec s) {
        List<String> parts = new ArrayList<>();
        parts.add(s.name() + ": " + s.source().region() + " -> "
                + s.destination().region() + " (instance " + s.destination().kmsInstanceId() + ", key "
                + s.destination().encryptionKeyId() + ")");
        Selection sel = s.selection();
        String which = sel.include().stream().map(Object::toString).collect(Collectors.joining(", "));
        if (!sel.exclude().isEmpty()) {
            which += " except " + sel.exclude().stream().map(Object::toString).collect(Collectors.joining(", "));
        }
        if (!sel.tags().isEmpty()) {
            which += " tagged "
                    + sel.tags().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", "));
        }
        parts.add("secrets " + which);
        if (sel.renames()) {
            parts.add("renamed" + (sel.renamePrefix().isEmpty() ? "" : " with prefix '" + sel.renamePrefix() + "'")
                    + (sel.renameMap().isEmpty() ? "" : ", " + sel.renameMap().size() + " mapped"));
        }
        parts.add("instance secrets "
                + s.policies().instanceSecrets().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        parts.add("RAM secrets " + s.policies().ramSecrets().name().toLowerCase(Locale.ROOT));
        parts.add(
                s.cutover().deleteSource()
                        ? "cutover deletes the source (" + s.cutover().recoveryWindowDays() + "-day recovery window)"
                        : "no cutover");
        if (s.sandboxed()) {
            parts.add("sandbox");
        }
        return String.join("; ", parts);
    }
}
