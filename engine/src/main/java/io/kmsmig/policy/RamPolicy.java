package io.kmsmig.policy;

import java.util.List;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A RAM policy document (RAM policy language: {@code Version "1"}, {@code Statement[]} with {@code Effect},
 * {@code Action}, {@code Resource}), and the notes a person needs to use it, which are not part of it.
 *
 * @param role       the role it is for
 * @param statements Allow statements, in a stable order
 * @param notes      what the document cannot say (wildcards chosen, what needs no permission), one line each
 */
public record RamPolicy(Role role, List<Statement> statements, List<String> notes) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public RamPolicy {
        statements = List.copyOf(statements);
        notes = List.copyOf(notes);
    }

    /**
     * One Allow statement.
     *
     * @param actions   RAM actions, sorted
     * @param resources resource ARNs or patterns, sorted
     */
    public record Statement(List<String> actions, List<String> resources) {
        public Statement {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }
    }

    /** Every action of every statement. */
    public List<String> actions() {
        return statements.stream()
                .flatMap(s -> s.actions().stream())
                .distinct()
                .sorted()
                .toList();
    }

    /** The document as RAM takes it: pretty-printed JSON, keys in RAM's order, a trailing newline. */
    public String json() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Version", "1");
        ArrayNode list = doc.putArray("Statement");
        for (Statement s : statements) {
            ObjectNode o = list.addObject();
            o.put("Effect", "Allow");
            ArrayNode a = o.putArray("Action");
            s.actions().forEach(a::add);
            ArrayNode r = o.putArray("Resource");
            s.resources().forEach(r::add);
        }
        return JSON.writerWithDefaultPrettyPrinter()
                        .without(StreamWriteFeature.AUTO_CLOSE_TARGET)
                        .writeValueAsString(doc)
                + "\n";
    }
}
