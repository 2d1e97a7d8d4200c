package io.kmsmig.hygiene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Production code names other classes through imports, not inline ({@code java.util.Collections.reverse(x)} inside a
 * method). Error Prone has no such check, so this test parses every main source file with the JDK's own parser (no
 * regex over text: strings, comments and javadoc are not code) and lists each qualified class name used in code.
 */
class InlineQualifiedNamesTest {
    private static final List<String> MODULES = List.of("formats", "emulator", "engine");

    @Test
    void mainSources_nameNoClassByItsFullyQualifiedName() throws IOException {
        // given: every main source file of every module
        Path root = repositoryRoot();
        List<Path> files = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> walk = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            }
        }

        // when
        List<JavaFileObject> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(source(
                    URI.create(root.relativize(file).toString()), Files.readString(file, StandardCharsets.UTF_8)));
        }
        Map<String, Set<String>> packages = new HashMap<>();
        for (Path file : files) {
            packages.computeIfAbsent(root.relativize(file.getParent()).toString(), d -> new HashSet<>())
                    .add(file.getFileName().toString().replace(".java", ""));
        }
        List<String> found = qualifiedNames(sources, packages);

        // then
        assertEquals(List.of(), found, "import these classes instead of naming them inline");
        assertTrue(files.size() > 200, "the scan saw the sources (" + files.size() + " files)");
    }

    @Test
    void theCheck_flagsQualifiedClassNamesInCode_andNothingElse() {
        String text = """
                package a.b;
                import java.util.List;
                import java.awt.Point;
                import static java.util.Objects.requireNonNull;
                /** See {@link java.util.Collections#reverse}. */
                @java.lang.Deprecated
                class C {
                    private final java.util.Set<String> names = java.util.Set.of();
                    private final Limits limits = null;
                    void run(Config cfg) {
                        // java.util.Collections.reverse(x) in a comment is fine
                        String s = "java.util.Collections.reverse";
                        java.util.Collections.reverse(new java.util.ArrayList<String>());
                        java.util.Map.Entry<String, String> e = null;
                        long max = cfg.limits.MAX + limits.inner.MAX;
                        requireNonNull(s);
                        Object p = new a.geo.Point(); // a second Point: naming it in full is the only way
                        Object q = new a.geo.C();     // so is a class named like the file's own
                        Object r = new a.geo.Limits(); // or like another class of its package
                    }
                }
                """;

        List<String> hits =
                qualifiedNames(List.of(source(URI.create("a/b/C.java"), text)), Map.of("a/b", Set.of("C", "Limits")));

        assertEquals(
                List.of(
                        "a/b/C.java:6: java.lang.Deprecated",
                        "a/b/C.java:8: java.util.Set",
                        "a/b/C.java:8: java.util.Set",
                        "a/b/C.java:13: java.util.Collections",
                        "a/b/C.java:13: java.util.ArrayList",
                        "a/b/C.java:14: java.util.Map"),
                hits);
    }

    /**
     * Each {@code a.b.C} in code (outside package and import lines) whose leading names are lower-case and whose first
     * name is not a variable or field declared in the file: a package, then a class. A class whose simple name the
     * file imports from elsewhere, declares itself, or shares with a class of its own package ({@code packages}: simple
     * class names by source directory) is left alone: there the full name is needed. Reported as "file:line: name".
     */
    static List<String> qualifiedNames(List<JavaFileObject> sources, Map<String, Set<String>> packages) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavacTask task = (JavacTask) javac.getTask(null, null, null, List.of("-proc:none"), null, sources);
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        List<String> hits = new ArrayList<>();
        try {
            for (CompilationUnitTree unit : task.parse()) {
                String name = unit.getSourceFile().getName();
                String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
                hits.addAll(qualifiedNames(unit, positions, packages.getOrDefault(dir, Set.of())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits;
    }

    private static List<String> qualifiedNames(
            CompilationUnitTree unit, SourcePositions positions, Set<String> samePackage) {
        Set<String> declared = new HashSet<>();
        Map<String, String> imported = new HashMap<>();
        samePackage.forEach(simple -> imported.put(simple, "(same package)"));
        for (ImportTree i : unit.getImports()) {
            if (!i.isStatic() && i.getQualifiedIdentifier() instanceof MemberSelectTree m) {
                imported.put(m.getIdentifier().toString(), m.toString());
            }
        }
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void unused) {
                declared.add(node.getName().toString());
                return super.visitVariable(node, null);
            }

            @Override
            public Void visitClass(ClassTree node, Void unused) {
                imported.put(node.getSimpleName().toString(), "(declared here)");
                return super.visitClass(node, null);
            }
        }.scan(unit, null);

        List<String> hits = new ArrayList<>();
        TreeScanner<Void, Void> scanner = new TreeScanner<>() {
            @Override
            public Void visitMemberSelect(MemberSelectTree node, Void unused) {
                String qualifier = packageLike(node.getExpression(), declared);
                String simple = node.getIdentifier().toString();
                if (qualifier != null && Character.isUpperCase(simple.charAt(0))) {
                    String name = qualifier + "." + simple;
                    if (imported.getOrDefault(simple, name).equals(name)) {
                        long line = unit.getLineMap().getLineNumber(positions.getStartPosition(unit, node));
                        hits.add(unit.getSourceFile().getName() + ":" + line + ": " + name);
                    }
                    return null;
                }
                return super.visitMemberSelect(node, null);
            }
        };
        for (Tree type : unit.getTypeDecls()) {
            scanner.scan(type, null);
        }
        return hits;
    }

    private static JavaFileObject source(URI uri, String text) {
        return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }

            @Override
            public String getName() {
                return uri.toString();
            }
        };
    }

    /** "a.b" when the tree is a chain of lower-case names rooted at an undeclared name, else null. */
    private static String packageLike(Tree tree, Set<String> declared) {
        if (tree instanceof IdentifierTree id) {
            String name = id.getName().toString();
            boolean variable = declared.contains(name) || name.equals("this") || name.equals("super");
            return !variable && Character.isLowerCase(name.charAt(0)) ? name : null;
        }
        if (tree instanceof MemberSelectTree select
                && Character.isLowerCase(select.getIdentifier().toString().charAt(0))) {
            String left = packageLike(select.getExpression(), declared);
            return left == null ? null : left + "." + select.getIdentifier();
        }
        return null;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("engine/src/main/java"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository (no engine/src/main/java above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }
}
