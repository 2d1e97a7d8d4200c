package io.kmsmig.plan;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.kmsmig.kms.SecretMetadata;
import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.snapshot.SecretSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Metadata that differs between the source and an existing destination secret: the corrective actions, and a
 * unified diff (java-diff-utils) for reviewers. Values are never part of it.
 */
final class MetadataDiff {
    private MetadataDiff() {}

    /** Adds UpdateSecret / TagResources / UntagResources / SetSecretPolicy / UpdateSecretRotationPolicy actions. */
    static void actions(SecretSnapshot source, SecretSnapshot dest, ActionList out) {
        SecretMetadata s = source.metadata();
        SecretMetadata d = dest.metadata();
        if (!Objects.equals(nullToEmpty(s.description()), nullToEmpty(d.description()))) {
            out.add(new Payload.UpdateDescription(s.description()), "the description differs from the source's");
        }
        Map<String, String> add = new TreeMap<>();
        s.tags().forEach((k, v) -> {
            if (!v.equals(d.tags().get(k))) {
                add.put(k, v);
            }
        });
        if (!add.isEmpty()) {
            out.add(new Payload.Tag(add), "tags missing or different in the destination");
        }
        List<String> remove = d.tags().keySet().stream()
                .filter(k -> !s.tags().containsKey(k))
                .sorted()
                .toList();
        if (!remove.isEmpty()) {
            out.add(new Payload.Untag(remove), "tags the source does not have");
        }
        if (source.policy() != null
                && !Objects.equals(
                        Fingerprints.normalizedJson(source.policy()), Fingerprints.normalizedJson(dest.policy()))) {
            out.add(new Payload.SetPolicy("default"), "the secret policy differs from the source's");
        }
        if (!s.generic()
                && (s.rotationEnabled() != d.rotationEnabled()
                        || (s.rotationEnabled() && !Objects.equals(s.rotationInterval(), d.rotationInterval())))) {
            out.add(
                    new Payload.Rotation(s.rotationEnabled(), s.rotationInterval()),
                    "the rotation settings differ from the source's");
        }
    }

    /** A unified diff of description, tags, extended config and policy, destination (-) to source (+). */
    static List<DiffLine> unified(SecretSnapshot source, SecretSnapshot dest) {
        List<String> before = lines(dest);
        List<String> after = lines(source);
        if (before.equals(after)) {
            return List.of();
        }
        List<String> text = UnifiedDiffUtils.generateUnifiedDiff(
                "destination/" + dest.name(), "source/" + source.name(), before, DiffUtils.diff(before, after), 1);
        // java-diff-utils answers text; it is typed here, once, as it comes out of the library: two file lines, then
        // hunks of "@@", " " (context), "-" and "+" lines. Nothing reads the prefixes again.
        List<DiffLine> out = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String l = text.get(i);
            DiffLine.Kind kind = i < 2
                    ? DiffLine.Kind.HEADER
                    : l.startsWith("@@")
                            ? DiffLine.Kind.HUNK
                            : l.startsWith("+")
                                    ? DiffLine.Kind.ADDED
                                    : l.startsWith("-") ? DiffLine.Kind.REMOVED : DiffLine.Kind.CONTEXT;
            out.add(new DiffLine(kind, l));
        }
        return out;
    }

    private static List<String> lines(SecretSnapshot s) {
        List<String> out = new ArrayList<>();
        out.add("description: " + quote(s.metadata().description()));
        out.add("tags:");
        new TreeMap<>(s.metadata().tags()).forEach((k, v) -> out.add("  " + k + ": " + v));
        out.add("extendedConfig: " + Fingerprints.normalizedJson(s.metadata().extendedConfig()));
        out.add("policy: " + (s.policy() == null ? "(default)" : Fingerprints.normalizedJson(s.policy())));
        return out;
    }

    static String tags(Map<String, String> tags) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(tags).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    /**
     * The text in double quotes as a plan shows it. A description is anyone's text (KMS puts no charset on it), so
     * control, format and line/paragraph separator characters (ESC, CR, LF, U+202E ...) and the backslash are written
     * as escapes: otherwise a source description could move the cursor, recolour or rewrite lines of the plan that a
     * person reviews before typing yes. The secret's own description is copied unchanged; only its display escapes.
     */
    static String quote(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (c == '\\') {
                b.append("\\\\");
            } else if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE) {
                for (char unit : Character.toChars(c)) {
                    b.append(String.format(Locale.ROOT, "\\u%04X", (int) unit));
                }
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
