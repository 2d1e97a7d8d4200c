package io.kmsmig.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The README's RAM permissions table, rendered from the {@link Catalog} (ReadmeTest keeps the README equal to it). */
public final class ReadmeTable {
    private ReadmeTable() {}

    /** The Markdown table, one row per role, with a trailing newline. */
    public static String markdown() {
        StringBuilder out = new StringBuilder("| Role (`kmsmig policy --role`) | Command | ")
                .append(Side.SOURCE.heading())
                .append(" | ")
                .append(Side.DESTINATION.heading())
                .append(" |\n")
                .append("|---|---|---|---|\n");
        for (Role role : Role.values()) {
            out.append("| `")
                    .append(role.wire())
                    .append("` | ")
                    .append(role.readme())
                    .append(" | ")
                    .append(cell(role, Side.SOURCE))
                    .append(" | ")
                    .append(cell(role, Side.DESTINATION))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String cell(Role role, Side side) {
        List<String> parts = new ArrayList<>();
        for (When when : When.values()) {
            Set<String> actions = new LinkedHashSet<>();
            for (Grant g : Catalog.of(role)) {
                if (g.side() == side && g.when() == when) {
                    actions.add("`" + g.action() + "`");
                }
            }
            if (!actions.isEmpty()) {
                String list = String.join(", ", actions);
                parts.add(when == When.ALWAYS ? list : when.readme() + " also " + list);
            }
        }
        return String.join("; ", parts);
    }
}
