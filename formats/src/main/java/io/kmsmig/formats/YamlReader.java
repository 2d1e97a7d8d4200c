package io.kmsmig.formats;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads YAML 1.2 (and therefore JSON) into a {@link ParsedDocument} with snakeyaml-engine, keeping positions.
 *
 * <p>Hostile input is bounded: the byte size is checked before parsing, aliases to collections are capped by
 * snakeyaml, and alias expansion, nesting depth and cycles are bounded while the tree is built, so an anchor
 * bomb fails in milliseconds instead of exhausting memory. Duplicate keys are reported (all of them), since
 * snakeyaml's composer does not check them.
 */
public final class YamlReader {
    /** Aliases ({@code *name}) to a list or mapping one document may hold: enough to share a block, too few to bomb. */
    static final int MAX_COLLECTION_ALIASES = 50;

    private static final String TOO_MANY_ALIASES = "too many YAML aliases: more than " + MAX_COLLECTION_ALIASES
            + " aliases (*name) to lists or mappings, the limit that stops a few lines from expanding to billions of "
            + "values (an anchor bomb); write those values out instead of repeating them with & and *";
    /**
     * Bounds on one document.
     *
     * @param maxBytes file size
     * @param maxNodes values after alias expansion
     * @param maxDepth collections (mappings and lists) open inside one another; kmsmig's own formats need fewer
     *                 than 10, and the bound keeps a hostile file from overflowing the parser's stack
     */
    public record Limits(int maxBytes, int maxNodes, int maxDepth) {
        /** The nesting bound of every kmsmig file; the README's file formats section and the schemas state it. */
        public static final int MAX_DEPTH = 64;
        /** Hand-written files such as a migration spec. */
        public static final Limits SMALL = new Limits(1024 * 1024, 100_000, MAX_DEPTH);
        /** Generated files such as a sandbox world with many secrets, or a state file. */
        public static final Limits LARGE = new Limits(256 * 1024 * 1024, 20_000_000, MAX_DEPTH);
    }

    private final Limits limits;

    public YamlReader(Limits limits) {
        this.limits = limits;
    }

    /** Parses {@code bytes}; throws {@link FormatException} listing every problem found. */
    public ParsedDocument read(byte[] bytes) {
        if (bytes.length > limits.maxBytes()) {
            throw new FormatException(new Problem(
                    "",
                    null,
                    String.format(
                            Locale.ROOT,
                            "the file is %s; the limit is %s. Is this the right file?",
                            humanSize(bytes.length),
                            humanSize(limits.maxBytes()))));
        }
        String text = decode(bytes);
        if (text.isBlank()
                || text.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
            throw new FormatException(new Problem(
                    "", new Position(1, 1), "the file is empty; expected a YAML mapping (see the examples/ folder)"));
        }
        Node node;
        DepthLimitedParser parser = null;
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setSchema(new CoreSchema())
                    .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                    .setAllowRecursiveKeys(false)
                    .setCodePointLimit(Math.max(limits.maxBytes(), 1024))
                    .setUseMarks(true)
                    .build();
            parser = new DepthLimitedParser(
                    new ParserImpl(settings, new StreamReader(settings, text)), limits.maxDepth());
            Optional<Node> composed = new Composer(settings, parser).getSingleNode();
            if (composed.isEmpty()) {
                throw new FormatException(
                        new Problem("", new Position(1, 1), "the file is empty; expected a YAML mapping"));
            }
            node = composed.get();
        } catch (MarkedYamlEngineException e) {
            throw new FormatException(syntaxProblem(e));
        } catch (YamlEngineException e) {
            if (String.valueOf(e.getMessage()).contains("Number of aliases")) {
                // snakeyaml's composer counts aliases to lists and mappings and refuses the one over the limit,
                // unmarked.
                throw new FormatException(
                        new Problem("", parser == null ? null : parser.lastAlias(), TOO_MANY_ALIASES));
            }
            throw new FormatException(new Problem("", null, "not valid YAML: " + oneLine(e.getMessage())));
        }
        Builder b = new Builder();
        JsonNode root = b.convert(node, "", 0);
        if (!b.problems.isEmpty()) {
            throw new FormatException(b.problems);
        }
        return new ParsedDocument(root, b.valuePositions, b.keyPositions);
    }

    /**
     * The problem for a document nested deeper than {@code maxDepth} collections, at the collection that is one too
     * deep. It names the field the nesting is under, not a path of 64 parts.
     */
    static Problem tooDeep(String pointer, Position pos, int maxDepth) {
        List<String> tokens = JsonPointers.tokens(pointer);
        String shallow = "";
        for (String t : tokens.subList(0, Math.min(3, tokens.size()))) {
            shallow = JsonPointers.child(shallow, t);
        }
        return new Problem(
                shallow,
                pos,
                "nested more than " + maxDepth + " levels deep here (mappings and lists "
                        + "inside one another); kmsmig's files are far flatter. Is this the right file?");
    }

    private static String decode(byte[] bytes) {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF
                        ? 3
                        : 0;
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(
                    new Problem("", null, "the file is not UTF-8 text (it looks binary); expected a YAML file"));
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new FormatException(new Problem(
                    "",
                    positionAt(text, nul),
                    "the file contains a NUL character (it looks binary); expected a YAML file"));
        }
        return text;
    }

    private static Position positionAt(String text, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new Position(line, col);
    }

    private static Problem syntaxProblem(MarkedYamlEngineException e) {
        Mark mark = e.getProblemMark().orElse(e.getContextMark().orElse(null));
        Position pos = mark == null ? null : new Position(mark.getLine() + 1, mark.getColumn() + 1);
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String msg;
        if (problem.contains("\\t") || problem.contains("\t") || problem.contains("TAB")) {
            msg = "a tab character is used for indentation; YAML allows spaces only";
        } else if (problem.contains("Number of aliases")) {
            msg = TOO_MANY_ALIASES;
        } else {
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            msg = "not valid YAML: " + oneLine(context + problem);
        }
        return new Problem("", pos, msg);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private static String humanSize(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    private final class Builder {
        final JsonNodeFactory f = JsonNodeFactory.instance;
        final Map<String, Position> valuePositions = new HashMap<>();
        final Map<String, Position> keyPositions = new HashMap<>();
        final List<Problem> problems = new ArrayList<>();
        final IdentityHashMap<Node, Boolean> onPath = new IdentityHashMap<>();
        int nodes;

        JsonNode convert(Node node, String pointer, int depth) {
            Position pos = position(node);
            valuePositions.putIfAbsent(pointer, pos);
            if (++nodes > limits.maxNodes()) {
                throw new FormatException(new Problem(
                        pointer,
                        pos,
                        "the document expands to more than " + limits.maxNodes()
                                + " values (through YAML aliases?); write it out plainly"));
            }
            // The parser refused deeper text already; an alias can still graft a deep subtree further down.
            if (depth > limits.maxDepth() || (depth == limits.maxDepth() && !(node instanceof ScalarNode))) {
                throw new FormatException(tooDeep(pointer, pos, limits.maxDepth()));
            }
            if (onPath.put(node, Boolean.TRUE) != null) {
                throw new FormatException(new Problem(pointer, pos, "a YAML alias refers to itself"));
            }
            try {
                if (node instanceof MappingNode m) {
                    return mapping(m, pointer, depth);
                }
                if (node instanceof SequenceNode s) {
                    ArrayNode arr = f.arrayNode();
                    int i = 0;
                    for (Node item : s.getValue()) {
                        arr.add(convert(item, JsonPointers.child(pointer, i++), depth + 1));
                    }
                    return arr;
                }
                return scalar((ScalarNode) node, pointer, pos);
            } finally {
                onPath.remove(node);
            }
        }

        private ObjectNode mapping(MappingNode m, String pointer, int depth) {
            ObjectNode obj = f.objectNode();
            Map<String, Position> seen = new HashMap<>();
            for (NodeTuple t : m.getValue()) {
                Position keyPos = position(t.getKeyNode());
                if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                    problems.add(new Problem(pointer, keyPos, "a mapping key must be a plain string"));
                    continue;
                }
                String key = keyNode.getValue();
                String child = JsonPointers.child(pointer, key);
                Position first = seen.putIfAbsent(key, keyPos);
                if (first != null) {
                    problems.add(new Problem(
                            child,
                            keyPos,
                            "duplicate key '" + key + "' (first defined at line " + first.line()
                                    + "); remove one of them"));
                    continue;
                }
                keyPositions.put(child, keyPos);
                obj.set(key, convert(t.getValueNode(), child, depth + 1));
            }
            return obj;
        }

        private JsonNode scalar(ScalarNode s, String pointer, Position pos) {
            Tag tag = s.getTag();
            String v = s.getValue();
            try {
                if (Tag.STR.equals(tag)) {
                    return f.stringNode(v);
                }
                if (Tag.NULL.equals(tag)) {
                    return f.nullNode();
                }
                if (Tag.BOOL.equals(tag)) {
                    return f.booleanNode(v.equalsIgnoreCase("true"));
                }
                if (Tag.INT.equals(tag)) {
                    return integer(v);
                }
                if (Tag.FLOAT.equals(tag)) {
                    return f.numberNode(Double.parseDouble(v.replace(".inf", "Infinity")
                            .replace(".Inf", "Infinity")
                            .replace(".INF", "Infinity")
                            .replace(".nan", "NaN")
                            .replace(".NaN", "NaN")
                            .replace(".NAN", "NaN")));
                }
            } catch (NumberFormatException e) {
                problems.add(new Problem(pointer, pos, "'" + v + "' is not a valid number"));
                return f.nullNode();
            }
            problems.add(new Problem(pointer, pos, "unsupported YAML tag " + tag + "; use plain values"));
            return f.nullNode();
        }

        private JsonNode integer(String v) {
            String t = v.startsWith("+") ? v.substring(1) : v;
            BigInteger n;
            if (t.startsWith("0x")) {
                n = new BigInteger(t.substring(2), 16);
            } else if (t.startsWith("0o")) {
                n = new BigInteger(t.substring(2), 8);
            } else {
                n = new BigInteger(t);
            }
            return n.bitLength() < 63 ? f.numberNode(n.longValue()) : f.numberNode(n);
        }

        private Position position(Node n) {
            return n.getStartMark()
                    .map(mk -> new Position(mk.getLine() + 1, mk.getColumn() + 1))
                    .orElse(new Position(1, 1));
        }
    }
}
