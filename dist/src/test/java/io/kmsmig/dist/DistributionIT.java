package io.kmsmig.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The release files under dist/target, used the way a user or a pipeline uses them: the archive unpacked into a clean
 * directory outside the repository runs {@code bin/kmsmig --version} and a sandbox plan of the bundled quickstart; the
 * checksum file matches the archives; the SBOM names what the jar holds; the Containerfile runs as a non-root user.
 */
@Execution(ExecutionMode.CONCURRENT) // each test unpacks into its own directory; they wait on child processes
class DistributionIT {
    private static final Path DIST = Path.of(System.getProperty("dist.dir", "target"));
    private static final String NAME = System.getProperty("dist.name", "kmsmig-0.1.0");
    private static final String VERSION = NAME.substring("kmsmig-".length());
    private static final Path TAR = DIST.resolve(NAME + "-linux-macos.tar.gz");
    private static final Path ZIP = DIST.resolve(NAME + "-windows.zip");
    private static final Path REPO = DIST.toAbsolutePath().getParent().getParent();

    @TempDir
    Path tmp;

    /**
     * One unpacking of the archive for the tests that only read and run it (the launcher's Java check, the zip's
     * comparison): each unpacking is a 30 MB gunzip and a 34 MB write. The tests that write into their install (the
     * sandbox plan, the class-data archive) and the pipeline steps unpack their own.
     */
    @TempDir
    static Path shared;

    private static Path sharedInstall;

    @BeforeAll
    static void unpackOnce() throws Exception {
        Process p = new ProcessBuilder("tar", "-xzf", TAR.toAbsolutePath().toString(), "-C", shared.toString())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        sharedInstall = shared.resolve(NAME); // the archive's one top directory, as the zip's
        assertTrue(Files.isRegularFile(sharedInstall.resolve("lib/kmsmig.jar")), "the tar.gz holds " + NAME + "/");
    }

    @Test
    void unpackedArchive_runsVersionAndASandboxPlan_fromAnyDirectory() throws Exception {
        // given: the archive unpacked into a clean directory, as the pipeline examples do
        Path install = Files.createDirectories(tmp.resolve("install"));
        Run untar = run(
                install,
                List.of(
                        "tar",
                        "-xzf",
                        TAR.toAbsolutePath().toString(),
                        "-C",
                        install.toString(),
                        "--strip-components=1"));
        assertEquals(0, untar.code(), untar.output());
        Path launcher = install.resolve("bin/kmsmig");
        assertTrue(
                Files.getPosixFilePermissions(launcher).contains(PosixFilePermission.OWNER_EXECUTE),
                "bin/kmsmig is executable after tar -x");
        for (String f : List.of(
                "lib/kmsmig.jar",
                "bin/kmsmig.cmd",
                "LICENSE",
                "README.md",
                "CHANGELOG.md",
                "SECURITY.md",
                "examples/quickstart/migration.yaml")) {
            assertTrue(Files.isRegularFile(install.resolve(f)), f + " is in the archive");
        }
        for (String f : repoSchemas()) {
            assertTrue(Files.isRegularFile(install.resolve(f)), f + " is in the archive (as every schema of the repo)");
        }
        assertTrue(Files.readString(install.resolve("LICENSE")).contains("Apache License"), "LICENSE");

        // when: --version from an unrelated working directory, and through a symbolic link on another "PATH" dir
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Run version = run(elsewhere, List.of(launcher.toString(), "--version"));
        Path linkDir = Files.createDirectories(tmp.resolve("usr-local-bin"));
        Path link = Files.createSymbolicLink(linkDir.resolve("kmsmig"), launcher);
        Run viaLink = run(elsewhere, List.of(link.toString(), "version"));

        // then
        assertEquals(0, version.code(), version.output());
        assertTrue(version.output().startsWith("kmsmig " + VERSION + "\n"), version.output());
        assertEquals(0, viaLink.code(), viaLink.output());
        assertTrue(viaLink.output().startsWith("kmsmig " + VERSION + "\n"), viaLink.output());

        // when: the README's first command, run from the unpacked directory
        Run plan = run(install, List.of("bin/kmsmig", "plan", "-f", "examples/quickstart/migration.yaml"));

        // then: the sandbox served the quickstart and the plan re-creates its generic secrets
        assertEquals(0, plan.code(), plan.output());
        assertTrue(plan.output().contains("Sandbox: the embedded KMS emulator serves"), plan.output());
        assertTrue(plan.output().contains("+ CreateSecret cn-shanghai orders/db-password v1"), plan.output());
        assertTrue(
                plan.output()
                        .contains(
                                "Plan: 7 to create, 0 to update, 0 to delete-and-recreate, 0 to delete, 0 to restore, 1 manual, "
                                        + "3 not required, 2 skipped, 0 in sync, 0 to record in state, 0 already deleted, 0 cutover blocked, 0 conflicts."),
                plan.output());
    }

    @Test
    void appCdsArchive_madeThroughTheLauncherAsTheContainerfileDoes_isUsedFromAnotherDirectory() throws Exception {
        // given: the archive unpacked, and the Containerfile's recipe: validate through the launcher, dumping classes
        Path install = Files.createDirectories(tmp.resolve("opt-kmsmig"));
        assertEquals(
                0,
                run(
                                install,
                                List.of(
                                        "tar",
                                        "-xzf",
                                        TAR.toAbsolutePath().toString(),
                                        "-C",
                                        install.toString(),
                                        "--strip-components=1"))
                        .code());
        Path jsa = install.resolve("lib/kmsmig.jsa");
        Run dump = run(
                install,
                List.of("bin/kmsmig", "validate", "-f", "examples/quickstart/migration.yaml"),
                "-XX:ArchiveClassesAtExit=" + jsa + " -Xlog:cds=off -Xlog:cds+dynamic=off");
        assertEquals(0, dump.code(), dump.output());
        assertTrue(Files.isRegularFile(jsa), "the class-data archive is written");
        assertTrue(
                Files.readString(DIST.resolve("Containerfile"))
                        .contains("KMSMIG_JAVA_OPTS=\"-XX:ArchiveClassesAtExit=/opt/kmsmig/lib/kmsmig.jsa -Xlog:cds=off"
                                + " -Xlog:cds+dynamic=off\" \\\n      kmsmig validate"),
                "the Containerfile uses this recipe");

        // when: the entrypoint's way, from another directory, with -Xshare:on (the JVM exits if it cannot map it)
        Run version = run(
                Files.createDirectories(tmp.resolve("work")),
                List.of(install + "/bin/kmsmig", "version"),
                "-Xshare:on -XX:SharedArchiveFile=" + jsa);

        // then
        assertEquals(0, version.code(), version.output());
        assertTrue(version.output().startsWith("kmsmig " + VERSION + "\n"), version.output());
    }

    @ParameterizedTest
    @CsvSource({"1.8.0_392, false", "11.0.22, false", "16, false", "17.0.15, true", "21, true"})
    void launcher_refusesAJavaOlderThan17_byItsReleaseFile_sayingWhatToDo(String javaVersion, boolean runs)
            throws Exception {
        // given: the archive unpacked, and a JAVA_HOME (with a space in its path) whose release file, the runtime's
        // own record of its version, says javaVersion; its bin/java is this JVM
        Path install = sharedInstall;
        Path javaHome = Files.createDirectories(tmp.resolve("jdk " + javaVersion + "/bin"))
                .getParent();
        Files.createSymbolicLink(
                javaHome.resolve("bin/java"),
                Path.of(ProcessHandle.current().info().command().orElseThrow()));
        Files.writeString(javaHome.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + javaVersion + "\"\n");

        // when
        Run r = run(tmp, List.of(install + "/bin/kmsmig", "version"), null, Map.of("JAVA_HOME", javaHome.toString()));

        // then: an older Java is named with what to do, before it fails on the jar with a LinkageError
        if (runs) {
            assertEquals(0, r.code(), r.output());
            assertTrue(r.output().startsWith("kmsmig " + VERSION + "\n"), r.output());
        } else {
            assertEquals(1, r.code(), r.output());
            assertEquals(
                    "kmsmig: Java 17 or newer is needed; " + javaHome + "/bin/java is Java " + javaVersion + " (from "
                            + javaHome + "). Install Java 17 or newer, or set JAVA_HOME to one.\n",
                    r.output());
        }
    }

    @Test
    void zipArchive_holdsTheSameJarAndTheWindowsLauncherWithCrlf() throws Exception {
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            String root = NAME + "/";
            ZipEntry cmd = zip.getEntry(root + "bin/kmsmig.cmd");
            ZipEntry jar = zip.getEntry(root + "lib/kmsmig.jar");
            assertTrue(cmd != null && jar != null, "bin/kmsmig.cmd and lib/kmsmig.jar are in the zip");
            String script = new String(read(zip, cmd), StandardCharsets.UTF_8);
            assertTrue(script.contains("-jar \"%KMSMIG_HOME%\\lib\\kmsmig.jar\" %*\r\n"), script);
            assertFalse(script.replace("\r\n", "").contains("\n"), "every line of kmsmig.cmd ends with CRLF");
            assertArrayEquals(
                    sha256(Files.readAllBytes(sharedInstall.resolve("lib/kmsmig.jar"))),
                    sha256(read(zip, jar)),
                    "the zip and the tar.gz hold the same jar");
            List<String> expected = new ArrayList<>(List.of("LICENSE", "README.md", "bin/kmsmig"));
            expected.addAll(repoSchemas());
            for (String f : expected) {
                assertTrue(zip.getEntry(root + f) != null, f + " is in the zip");
            }
        }
    }

    @Test
    void checksumFile_listsEveryReleaseFileWithItsSha256() throws Exception {
        Path sums = DIST.resolve(NAME + ".sha256");
        Map<String, String> listed = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^([0-9a-f]{64}) [ *](\\S+)$").matcher(Files.readString(sums));
        while (m.find()) {
            listed.put(m.group(2), m.group(1));
        }
        assertEquals(
                List.of(NAME + "-linux-macos.tar.gz", NAME + "-windows.zip", NAME + ".sbom.cdx.json"),
                List.copyOf(listed.keySet()),
                "the checksum file, in sha256sum -c format");
        for (Map.Entry<String, String> e : listed.entrySet()) {
            assertEquals(
                    HexFormat.of().formatHex(sha256(Files.readAllBytes(DIST.resolve(e.getKey())))),
                    e.getValue(),
                    e.getKey());
        }
    }

    @Test
    void sbom_isCycloneDxAndNamesTheOverriddenVersions() throws Exception {
        Path sbom = DIST.resolve(NAME + ".sbom.cdx.json");
        assertTrue(
                Files.isRegularFile(sbom)
                        && !Files.getLastModifiedTime(sbom)
                                .toInstant()
                                .isBefore(Files.getLastModifiedTime(TAR).toInstant()),
                "the SBOM is made with the archives; cyclonedx-maven-plugin's makeBom requires Maven online: build"
                        + " without -o");
        JsonNode bom = JsonMapper.builder().build().readTree(sbom.toFile());
        assertEquals("CycloneDX", bom.path("bomFormat").asString());
        Map<String, String> versions = new TreeMap<>();
        for (JsonNode c : bom.path("components")) {
            versions.put(
                    c.path("group").asString() + ":" + c.path("name").asString(),
                    c.path("version").asString());
        }
        assertEquals(VERSION, versions.get("io.kmsmig:kmsmig-engine"));
        assertEquals("3.25.5", versions.get("com.google.protobuf:protobuf-java"), "CVE-2024-7254 fixed in 3.25.5");
        assertEquals("32.0.1-jre", versions.get("com.google.guava:guava"), "CVE-2023-2976 fixed in 32.0.0");
        assertFalse(versions.containsKey("org.junit.jupiter:junit-jupiter"), "no test dependencies");
    }

    @Test
    void containerfile_runsKmsmigAsANonRootUserWithNoSecretInItsEnvironment() throws IOException {
        String file = Files.readString(DIST.resolve("Containerfile"));
        List<String> instructions =
                file.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertTrue(instructions.get(0).matches("FROM \\S+:17-jre\\S*"), "a JRE 17 base: " + instructions.get(0));
        assertTrue(instructions.contains("ENTRYPOINT [\"kmsmig\"]"), file);
        String user = instructions.stream()
                .filter(l -> l.startsWith("USER "))
                .reduce((a, b) -> b)
                .orElse("");
        assertTrue(user.matches("USER [1-9][0-9]*(:[1-9][0-9]*)?"), "the last USER is a non-root uid: " + user);
        assertTrue(file.contains("ADD " + "kmsmig-${KMSMIG_VERSION}-linux-macos.tar.gz"), "built from the archive");
        assertTrue(file.contains("ARG KMSMIG_VERSION=" + VERSION), "the version is filled in");
        Pattern secret = Pattern.compile("(?i)^(ENV|ARG)\\s.*(SECRET|PASSWORD|TOKEN|ACCESS_KEY|CREDENTIAL)");
        for (String l : instructions) {
            assertFalse(secret.matcher(l).find(), "no credential in the image's environment or build args: " + l);
        }
    }

    @Test
    void pipelineInstallSteps_installThePinnedArchive_andRefuseAnyOtherBytes() throws Exception {
        // given: a release site holding the archive, as the examples' KMSMIG_RELEASES URL would
        Path releases = Files.createDirectories(tmp.resolve("releases/v" + VERSION));
        Files.copy(TAR, releases.resolve(TAR.getFileName()));
        String sha = HexFormat.of().formatHex(sha256(Files.readAllBytes(TAR)));
        Map<String, String> steps = new TreeMap<>();
        steps.put("github-actions", installStep(REPO.resolve("examples/ci/github-actions.yml"), true));
        steps.put("gitlab-ci", installStep(REPO.resolve("examples/ci/gitlab-ci.yml"), false));
        for (Map.Entry<String, String> step : steps.entrySet()) {
            assertFalse(step.getValue().contains("mvn"), step.getKey() + ": no Maven in the job");
            for (String expected : List.of(sha, "0000000000000000000000000000000000000000000000000000000000000000")) {
                // when: the job's install commands run with the pinned version and a SHA-256
                // (one directory per case: named after the SHA's first digit, the two shared one whenever the
                // archive's SHA-256 began with 0, one build in 16, and the refused case found the other's install)
                Path job = Files.createDirectories(
                        tmp.resolve(step.getKey() + (expected.equals(sha) ? "-pinned" : "-other-bytes")));
                String script = "set -e\nexport KMSMIG_VERSION=" + VERSION + " KMSMIG_SHA256=" + expected
                        + " KMSMIG_RELEASES=file://" + releases.getParent() + "\n" + step.getValue()
                        + "\n.kmsmig/bin/kmsmig version\n";
                Run r = run(job, List.of("bash", "-c", script));
                // then: the right bytes are installed and run; any other bytes stop the job before unpacking
                if (expected.equals(sha)) {
                    assertEquals(0, r.code(), step.getKey() + ": " + r.output());
                    assertTrue(r.output().contains("kmsmig " + VERSION + "\n"), r.output());
                } else {
                    assertTrue(r.code() != 0, step.getKey() + ": a wrong SHA-256 fails the job: " + r.output());
                    assertTrue(r.output().contains("FAILED"), r.output());
                    assertFalse(Files.exists(job.resolve(".kmsmig/bin/kmsmig")), "nothing unpacked");
                }
            }
        }
    }

    /** The repository's schemas (their names carry format versions, which change), as archive paths. */
    private static List<String> repoSchemas() throws IOException {
        try (var files = Files.list(REPO.resolve("schemas"))) {
            List<String> names = files.map(f -> "schemas/" + f.getFileName())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList();
            assertTrue(names.contains("schemas/migration-spec.v1.schema.json"), "the repository's schemas: " + names);
            return names;
        }
    }

    /** The shell lines of the install step: GitHub's "Install kmsmig" run block, GitLab's .install-kmsmig list. */
    private static String installStep(Path pipeline, boolean github) throws IOException {
        Object doc = new org.snakeyaml.engine.v2.api.Load(
                        org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(Files.readString(pipeline));
        Map<?, ?> root = (Map<?, ?>) doc;
        if (!github) {
            return String.join(
                    "\n",
                    ((List<?>) root.get(".install-kmsmig"))
                            .stream().map(String::valueOf).toList());
        }
        Map<?, ?> jobs = (Map<?, ?>) root.get("jobs");
        for (Object step : (List<?>) ((Map<?, ?>) jobs.get("plan")).get("steps")) {
            Map<?, ?> m = (Map<?, ?>) step;
            if (String.valueOf(m.get("name")).startsWith("Install kmsmig")) {
                return String.valueOf(m.get("run"));
            }
        }
        throw new AssertionError(pipeline + ": no 'Install kmsmig' step in the plan job");
    }

    private static final String CHILD_JIT = "-XX:TieredStopAtLevel=1";

    private record Run(int code, String output) {}

    private Run run(Path dir, List<String> command) throws IOException, InterruptedException {
        return run(dir, command, null);
    }

    private Run run(Path dir, List<String> command, String javaOpts) throws IOException, InterruptedException {
        return run(dir, command, javaOpts, Map.of());
    }

    private Run run(Path dir, List<String> command, String javaOpts, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.putAll(extraEnv);
        // The client compiler only, as the engine's integration tests start their children (KmsmigJar): a launcher
        // run lives seconds, too short for C2 to pay off, and the option changes nothing the launcher or kmsmig does.
        env.put("KMSMIG_JAVA_OPTS", javaOpts == null ? CHILD_JIT : CHILD_JIT + " " + javaOpts);
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("NO_COLOR", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + out);
        }
        return new Run(p.exitValue(), out);
    }

    private static byte[] read(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
