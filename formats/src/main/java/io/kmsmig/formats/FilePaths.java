package io.kmsmig.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where a write to a path really lands. kmsmig replaces files atomically (temp file, then move), and a move onto
 * a symbolic link replaces the link itself, leaving its target stale; and two spellings of one file (a link, a
 * {@code ..}, a relative path) must compare equal when kmsmig refuses to overwrite its own files.
 */
public final class FilePaths {
    /** Links followed before giving up, as Linux's {@code MAXSYMLINKS}. */
    static final int MAX_LINKS = 40;

    private FilePaths() {}

    /**
     * {@code p} with symbolic links in its last element followed, also to a target that does not exist yet, as an
     * absolute, normalised path. Throws IllegalArgumentException for a loop or an unreadable link.
     */
    public static Path writeTarget(Path p) {
        List<Path> chain = linkChain(p);
        return chain.get(chain.size() - 1);
    }

    /**
     * {@code p} (absolute, normalised), then each path its last element's symbolic links lead to, ending with
     * {@link #writeTarget}: a caller can see that {@code /dev/stdout} went through {@code /proc/self/fd/1}.
     */
    public static List<Path> linkChain(Path p) {
        List<Path> chain = new ArrayList<>();
        Path cur = p.toAbsolutePath().normalize();
        chain.add(cur);
        for (int i = 0; Files.isSymbolicLink(cur); i++) {
            if (i == MAX_LINKS) {
                throw new IllegalArgumentException(
                        p + " is a chain of more than " + MAX_LINKS + " symbolic links (a loop?)");
            }
            try {
                cur = cur.resolveSibling(Files.readSymbolicLink(cur)).normalize();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the symbolic link " + cur + ": " + e.getMessage());
            }
            chain.add(cur);
        }
        return List.copyOf(chain);
    }

    /**
     * The real path of the file a write to {@code p} lands on, also when it does not exist yet: the real path of its
     * nearest existing directory plus the rest. Two paths naming one file give equal results.
     */
    public static Path real(Path p) {
        Path target = writeTarget(p);
        Deque<Path> rest = new ArrayDeque<>();
        Path existing = target;
        while (existing != null && !Files.exists(existing)) {
            rest.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path out;
        try {
            out = existing == null ? target.getRoot() : existing.toRealPath();
        } catch (IOException e) {
            return target;
        }
        while (!rest.isEmpty()) {
            out = out.resolve(rest.pop());
        }
        return out;
    }
}
