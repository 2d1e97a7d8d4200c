package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.support.ChildJvm;
import io.kmsmig.support.StandInSts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials the way Alibaba Cloud users have them, through the production path: kmsmig in a child JVM with a fake
 * home directory and exactly the environment given, credentials-java's providers, the old KMS SDK signing with what
 * they yield, HTTPS to the emulator (which accepts only its world's keys). STS and the credentials URI are local
 * stand-ins. Every failure names the provider and its cause, and no secret is printed.
 */
class CredentialChainTest {
    private static final String KEY = "LTAIchainMigrator";
    private static final String SECRET = "canary-chain-secret-5f1e";
    private static final String STS_KEY = "STSstandin01";
    private static final String STS_SECRET = "canary-sts-secret-77ab";
    private static final String STS_TOKEN = "canary-sts-token-0c3d";
    private static final String WORLD = String.join(
            "\n",
            "version: 1",
            "account: \"1234567890123456\"",
            "accessKeys:",
            "  - { id: " + KEY + ", secret: " + SECRET + ", user: migrator }",
            "  - { id: " + STS_KEY + ", secret: " + STS_SECRET + ", user: migrator, securityToken: " + STS_TOKEN + " }",
            "regions:",
            "  cn-hangzhou:",
            "    kmsInstances: [ { id: kst-hz-gen, keys: [ key-hz-gen ] } ]",
            "    secrets: []",
            "  cn-shanghai:",
            "    kmsInstances: [ { id: kst-sh-gen, keys: [ key-sh-gen ] } ]",
            "    secrets: []",
            "");
    private static KmsEmulator emu;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path trustStore;

    private int specs;

    @BeforeAll
    static void start() throws Exception {
        emu = KmsEmulator.start(EmulatorConfig.ofYaml(WORLD));
        // credentials-java talks to STS with the JVM's default trust: the child gets the emulator CA that way.
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("emulator-ca", emu.certificateAuthority().caCertificate());
        trustStore = shared.resolve("sts-trust.p12");
        try (var out = Files.newOutputStream(trustStore)) {
            ks.store(out, "changeit".toCharArray());
        }
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private String spec(String credentials) {
        String creds = credentials == null ? "" : "  credentials: " + credentials;
        return String.join(
                "\n",
                "version: 1",
                "name: creds",
                "source:",
                "  region: cn-hangzhou",
                "  endpoint: " + emu.info().regionEndpoint("cn-hangzhou"),
                "  actionTrailEndpoint: " + emu.info().actionTrail().get("cn-hangzhou"),
                "  caCert: " + emu.info().caCertFile(),
                creds,
                "destination:",
                "  region: cn-shanghai",
                "  endpoint: " + emu.info().regionEndpoint("cn-shanghai"),
                "  kmsInstanceId: kst-sh-gen",
                "  encryptionKeyId: key-sh-gen",
                "  caCert: " + emu.info().caCertFile(),
                creds,
                "state: state.json",
                "");
    }

    /** Writes a spec with these credentials (null: none, the default chain) and returns its file name. */
    private String specFile(String credentials) throws IOException {
        String name = "spec-" + specs++ + ".yaml";
        Files.writeString(dir.resolve(name), spec(credentials));
        return name;
    }

    /**
     * Runs the command lines in one child JVM with exactly {@code env} and the fake home: for a case that needs
     * several kmsmig runs in the same process environment (each is still a whole kmsmig run through the real chain).
     */
    @SafeVarargs
    private List<ChildJvm.Result> inOneChild(Map<String, String> env, List<String>... commands) throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> jvm =
                List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit");
        List<ChildJvm.Result> rs = ChildJvm.runEach(dir, home, env, jvm, List.of(commands));
        for (ChildJvm.Result r : rs) {
            for (String secret : List.of(SECRET, STS_SECRET, STS_TOKEN)) {
                assertFalse(r.output().contains(secret), "a secret was printed:\n" + r.output());
            }
        }
        return rs;
    }

    private static List<ChildJvm.Result> nothingConfigured;

    /**
     * The two cases whose process has nothing configured (no variable but the ChildJvm defaults, an empty home) run
     * in one child, made by whichever of them runs first: the default chain with nothing to find, and the ECS RAM
     * role with the metadata service disabled.
     */
    private List<ChildJvm.Result> nothingConfigured() throws IOException {
        if (nothingConfigured == null) {
            nothingConfigured = inOneChild(
                    Map.of(),
                    List.of("plan", "-f", specFile(null)),
                    List.of("plan", "-f", specFile("{ ecsRamRole: { roleName: kmsmig } }")));
        }
        return nothingConfigured;
    }

    private ChildJvm.Result plan(String credentials, Map<String, String> env, String... extra) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), spec(credentials));
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> jvm =
                List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit");
        String[] args = new String[extra.length + 3];
        args[0] = "plan";
        args[1] = "-f";
        args[2] = "spec.yaml";
        System.arraycopy(extra, 0, args, 3, extra.length);
        ChildJvm.Result r = ChildJvm.run(dir, home, env, jvm, args);
        for (String secret : List.of(SECRET, STS_SECRET, STS_TOKEN)) {
            assertFalse(r.output().contains(secret), "a secret was printed:\n" + r.output());
        }
        return r;
    }

    private void write(String relative, String text) throws IOException {
        Path p = dir.resolve("home").resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static void assertPlanned(ChildJvm.Result r) {
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("No changes") || r.output().contains("Plan"), r.output());
    }

    private static void assertFailedNaming(ChildJvm.Result r, String... parts) {
        assertEquals(1, r.exit(), r.output());
        for (String part : parts) {
            assertTrue(r.output().contains(part), "missing '" + part + "' in:\n" + r.output());
        }
        assertFalse(r.output().contains("\tat "), "no stack trace without --debug:\n" + r.output());
    }

    private static String cliConfig(String current, String... profiles) {
        return "{ \"current\": \"" + current + "\", \"profiles\": [ " + String.join(", ", profiles) + " ] }";
    }

    private static String akProfile(String name) {
        return "{ \"name\": \"" + name + "\", \"mode\": \"AK\", \"access_key_id\": \"" + KEY
                + "\", \"access_key_secret\": \"" + SECRET + "\", \"region_id\": \"cn-hangzhou\" }";
    }

    @Test
    void defaultChain_readsTheEnvironmentVariables() throws IOException {
        assertPlanned(
                plan(null, Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)));
    }

    @Test
    void defaultChain_readsTheCliCurrentProfile_andANamedProfileIsReadByName() throws IOException {
        // given: ~/.aliyun/config.json with two AK profiles, the current one valid
        write(
                ".aliyun/config.json",
                cliConfig(
                        "mig",
                        akProfile("mig"),
                        "{ \"name\": \"other\", \"mode\": \"AK\", \"access_key_id\": \"LTAInobody000\", \"access_key_secret\": \"x\" }"));
        // when: three plans in one process (the same environment and home)
        List<ChildJvm.Result> rs = inOneChild(
                Map.of(),
                List.of("plan", "-f", specFile(null)),
                List.of("plan", "-f", specFile("{ profile: mig }")),
                List.of("plan", "-f", specFile("{ profile: other }")));
        // then: the default chain uses the current profile
        assertPlanned(rs.get(0));
        assertPlanned(rs.get(1));
        // and a named profile is that one, not the current one: the emulator refuses its key
        ChildJvm.Result other = rs.get(2);
        assertEquals(1, other.exit(), other.output());
        assertTrue(other.output().contains("InvalidAccessKeyId.NotFound"), other.output());
    }

    @Test
    void defaultChain_readsTheCredentialsIniFile() throws IOException {
        write(
                ".alibabacloud/credentials.ini",
                "[default]\nenable = true\ntype = access_key\naccess_key_id = " + KEY + "\naccess_key_secret = "
                        + SECRET + "\n");
        assertPlanned(plan(null, Map.of()));
    }

    @Test
    void defaultChain_readsACredentialsUri() throws IOException {
        try (StandInSts uri = StandInSts.credentialsUri(STS_KEY, STS_SECRET, STS_TOKEN)) {
            assertPlanned(plan(null, Map.of("ALIBABA_CLOUD_CREDENTIALS_URI", uri.url())));
            assertFalse(uri.requests().isEmpty(), "the credentials URI was asked");
        }
    }

    @Test
    void assumeRole_onTopOfAProfile_sendsRoleSessionExternalIdAndDuration() throws IOException {
        write(".aliyun/config.json", cliConfig("mig", akProfile("mig")));
        try (StandInSts sts = StandInSts.sts(emu.certificateAuthority(), STS_KEY, STS_SECRET, STS_TOKEN)) {
            // when
            ChildJvm.Result r = plan(
                    "{ profile: mig, assumeRole: { roleArn: \"acs:ram::1234567890123456:role/kmsmig-apply\", "
                            + "sessionName: release-42, externalId: ext-abc, durationSeconds: 1800, stsEndpoint: "
                            + sts.endpoint()
                            + " } }",
                    Map.of());
            // then: planned with the role's STS key, asked for as configured, signed with the profile's key
            assertPlanned(r);
            Map<String, String> req = sts.requests().get(0);
            assertEquals("AssumeRole", req.get("Action"));
            assertEquals("acs:ram::1234567890123456:role/kmsmig-apply", req.get("RoleArn"));
            assertEquals("release-42", req.get("RoleSessionName"));
            assertEquals("ext-abc", req.get("ExternalId"));
            assertEquals("1800", req.get("DurationSeconds"));
            assertEquals(KEY, req.get("AccessKeyId"));
        }
    }

    @Test
    void assumeRole_refusedBySts_namesTheRoleTheBaseAndTheCause_andDebugAddsTheStack() throws IOException {
        try (StandInSts sts = StandInSts.sts(emu.certificateAuthority(), STS_KEY, STS_SECRET, STS_TOKEN)) {
            sts.failWith(403);
            String creds = "{ env: { accessKeyId: AK, accessKeySecret: SK }, assumeRole: { roleArn: "
                    + "\"acs:ram::1234567890123456:role/kmsmig-apply\", stsEndpoint: " + sts.endpoint() + " } }";
            Map<String, String> env = Map.of("AK", KEY, "SK", SECRET);
            String spec = specFile(creds);
            List<ChildJvm.Result> rs =
                    inOneChild(env, List.of("plan", "-f", spec), List.of("plan", "-f", spec, "--debug"));
            ChildJvm.Result r = rs.get(0);
            assertFailedNaming(
                    r,
                    "No credentials for the source region (cn-hangzhou)",
                    "role acs:ram::1234567890123456:role/kmsmig-apply assumed with access key " + KEY
                            + " from environment variable AK",
                    "HttpCode: 403",
                    "NoPermission");
            ChildJvm.Result debug = rs.get(1);
            assertEquals(1, debug.exit(), debug.output());
            assertTrue(
                    debug.output().contains("\tat ") && debug.output().contains("CredentialException"), debug.output());
        }
    }

    @Test
    void assumeRole_onAnStsBase_whenStsRepeatsTheStringToSign_printsNeitherTheTokenNorTheSecret_evenWithDebug()
            throws IOException {
        try (StandInSts sts = StandInSts.sts(emu.certificateAuthority(), STS_KEY, STS_SECRET, STS_TOKEN)) {
            // given: STS refuses the signature and, like the real one, quotes its string to sign (SecurityToken in it)
            sts.failWithSignatureMismatch();
            String creds = "{ env: { accessKeyId: AK, accessKeySecret: SK, securityToken: TK }, assumeRole: { roleArn: "
                    + "\"acs:ram::1234567890123456:role/kmsmig-apply\", stsEndpoint: " + sts.endpoint() + " } }";
            Map<String, String> env = Map.of("AK", STS_KEY, "SK", STS_SECRET, "TK", STS_TOKEN);
            // when / then: inOneChild() asserts no secret or token is printed
            String spec = specFile(creds);
            List<ChildJvm.Result> rs =
                    inOneChild(env, List.of("plan", "-f", spec), List.of("plan", "-f", spec, "--debug"));
            ChildJvm.Result r = rs.get(0);
            assertFailedNaming(r, "role acs:ram::1234567890123456:role/kmsmig-apply", "SignatureDoesNotMatch");
            ChildJvm.Result debug = rs.get(1);
            assertEquals(1, debug.exit(), debug.output());
            assertTrue(
                    debug.output().contains("\tat ") && debug.output().contains("CredentialException"), debug.output());
        }
    }

    @Test
    void oidc_exchangesTheTokenFileAtSts() throws IOException {
        Path token = Files.writeString(dir.resolve("oidc-token"), "eyJhbGciOiJSUzI1NiJ9.e30.sig");
        try (StandInSts sts = StandInSts.sts(emu.certificateAuthority(), STS_KEY, STS_SECRET, STS_TOKEN)) {
            assertPlanned(plan(
                    "{ oidc: { roleArn: \"acs:ram::1234567890123456:role/ack-kmsmig\", oidcProviderArn: "
                            + "\"acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1\", oidcTokenFile: " + token
                            + ", stsEndpoint: " + sts.endpoint() + " } }",
                    Map.of()));
            Map<String, String> req = sts.requests().get(0);
            assertEquals("AssumeRoleWithOIDC", req.get("Action"));
            assertEquals("eyJhbGciOiJSUzI1NiJ9.e30.sig", req.get("OIDCToken"));
        }
    }

    @Test
    void cliProfileThatCannotBeUsed_namesTheProfileAndWhy_notThatItIsMissing() throws IOException {
        // given: a RamRoleArn profile without its key, and a CloudSSO profile (a mode credentials-java 1.0.3 lacks)
        write(
                ".aliyun/config.json",
                cliConfig(
                        "role",
                        "{ \"name\": \"role\", \"mode\": \"RamRoleArn\", \"ram_role_arn\": \"acs:ram::1:role/r\" }",
                        "{ \"name\": \"sso\", \"mode\": \"CloudSSO\" }"));
        List<ChildJvm.Result> rs = inOneChild(
                Map.of(),
                List.of("plan", "-f", specFile("{ profile: role }")),
                List.of("plan", "-f", specFile("{ profile: sso }")));
        ChildJvm.Result role = rs.get(0);
        assertFailedNaming(role, "aliyun CLI profile 'role'", "AccessKeyId must not be null");
        assertFalse(role.output().contains("Create it with"), role.output());
        ChildJvm.Result sso = rs.get(1);
        assertFailedNaming(sso, "aliyun CLI profile 'sso'", "Unsupported profile mode 'CloudSSO'");
    }

    @Test
    void defaultChainWithNothing_namesEveryProviderItTried() throws IOException {
        ChildJvm.Result r = nothingConfigured().get(0);
        assertFailedNaming(
                r,
                "the default credential chain",
                "EnvironmentVariableCredentialsProvider",
                "CLIProfileCredentialsProvider",
                "ProfileCredentialsProvider");
    }

    @Test
    void ecsRamRole_asksTheMetadataServiceWithAnImdsV2Token() throws IOException {
        try (StandInSts imds = StandInSts.credentialsUri(STS_KEY, STS_SECRET, STS_TOKEN)) {
            // given: the child's plain-HTTP requests (the metadata service's) go to the stand-in as their proxy
            String port = imds.endpoint().substring(imds.endpoint().indexOf(':') + 1);
            Files.writeString(dir.resolve("spec.yaml"), spec("{ ecsRamRole: {} }"));
            ChildJvm.Result r = ChildJvm.run(
                    dir,
                    Files.createDirectories(dir.resolve("home")),
                    Map.of("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "false"),
                    List.of("-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=" + port),
                    "plan",
                    "-f",
                    "spec.yaml");
            // then: token first, then the role name, then its credentials, which the emulator accepts
            assertPlanned(r);
            List<String> paths = imds.requests().stream()
                    .map(q -> q.get("(path)"))
                    .distinct()
                    .toList();
            assertEquals(
                    List.of(
                            "/latest/api/token",
                            "/latest/meta-data/ram/security-credentials/",
                            "/latest/meta-data/ram/security-credentials/kmsmig-ecs-role"),
                    paths,
                    r.output());
            assertTrue(
                    imds.requests().stream()
                            .filter(q -> q.get("(path)").endsWith("/kmsmig-ecs-role"))
                            .allMatch(q -> "stand-in-imds-token".equals(q.get("(metadata-token)"))),
                    imds.requests().toString());
            assertFalse(r.output().contains(STS_SECRET) || r.output().contains(STS_TOKEN), r.output());
        }
    }

    @Test
    void ecsRamRole_whenTheMetadataServiceIsDisabled_saysSo() throws IOException {
        ChildJvm.Result r = nothingConfigured().get(1);
        assertFailedNaming(r, "the ECS RAM role kmsmig (metadata service) failed");
    }
}
