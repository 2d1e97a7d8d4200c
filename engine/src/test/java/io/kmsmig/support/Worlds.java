package io.kmsmig.support;

import java.util.ArrayList;
import java.util.List;

/** Generated sandbox worlds for tests and benchmarks: many secrets with realistic stage maps. Values are canaries. */
public final class Worlds {
    private Worlds() {}

    /** Two regions with one instance and key each, one migrator key, and no secret: tests add theirs through the model. */
    public static final String EMPTY = String.join(
            "\n",
            "version: 1",
            "account: \"1234567890123456\"",
            "accessKeys: [ { id: LTAIgenMigrator, secret: gen-migrator-secret, user: migrator } ]",
            "regions:",
            "  cn-hangzhou:",
            "    kmsInstances: [ { id: kst-hz-gen, keys: [ key-hz-gen ] } ]",
            "    secrets: []",
            "  cn-shanghai:",
            "    kmsInstances: [ { id: kst-sh-gen, keys: [ key-sh-gen ] } ]",
            "    secrets: []",
            "");

    /**
     * Declares no generated client key: generating one is a 2048-bit RSA key pair per emulator start (a second or
     * more on a loaded machine), and the tests that use the instance gateway make their own (VerifyTest).
     */
    public static final String HEADER = String.join(
            "\n",
            "version: 1",
            "account: \"1234567890123456\"",
            "accessKeys:",
            "  - { id: LTAIgenMigrator, secret: gen-migrator-secret, user: migrator }",
            "  - { id: LTAIgenApp, secret: gen-app-secret, user: orders-app }",
            "semantics: { acsPreviousFollowsCurrent: %s, versionOrder: shuffled, seed: 5 }",
            "faults: %s",
            "regions:",
            "  cn-hangzhou:",
            "    kmsInstances: [ { id: kst-hz-gen, keys: [ key-hz-gen ] } ]",
            "    secrets:",
            "%s",
            "  cn-shanghai:",
            "    kmsInstances: [ { id: kst-sh-gen, keys: [ key-sh-gen ] } ]",
            "    secrets: []",
            "");

    /**
     * {@code n} generic secrets outside any instance, 1 to 5 versions each (3 on average), with default-staged
     * ACSCurrent/ACSPrevious, some custom labels and some deprecated versions.
     */
    public static String generic(int n, boolean follows, String faults) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int versions = 1 + (i % 5);
            lines.add("      - name: app" + (i % 10) + "/secret-" + i);
            lines.add("        tags: { team: t" + (i % 3) + " }");
            lines.add("        versions:");
            for (int v = 1; v <= versions; v++) {
                String stages;
                if (v == versions) {
                    stages = i % 7 == 0 ? "[ACSCurrent, Approved]" : "[ACSCurrent]";
                } else if (v == versions - 1) {
                    stages = "[ACSPrevious]";
                } else if (v == 1 && i % 4 == 0) {
                    stages = "[\"Baseline\"]";
                } else {
                    stages = "[]";
                }
                lines.add(String.format(
                        "          - { id: v%d, created: 2023-%02d-01T00:00:00Z, stages: %s, data: \"CANARY %d %d\" }",
                        v, v, stages, i, v));
            }
        }
        return String.format(HEADER, follows, faults, String.join("\n", lines));
    }

    /** {@link #generic} plus one generic secret inside the source KMS instance kst-hz-gen (backup-restore). */
    public static String genericWithInstanceSecret(int n) {
        return generic(n, true, "{}")
                .replace(
                        "  cn-shanghai:\n",
                        String.join(
                                "\n",
                                "      - name: vault/instance-token",
                                "        kmsInstanceId: kst-hz-gen",
                                "        encryptionKeyId: key-hz-gen",
                                "        tags: { team: vault }",
                                "        versions:",
                                "          - { id: i1, created: 2024-01-01T00:00:00Z, stages: [ACSPrevious], data: \"CANARY instance i1\" }",
                                "          - { id: i2, created: 2024-02-01T00:00:00Z, stages: [ACSCurrent], data: \"CANARY instance i2\" }",
                                "  cn-shanghai:",
                                ""));
    }

    /** The spec for a generated world in sandbox mode. */
    public static String sandboxSpec(String extra) {
        return String.join(
                "\n",
                "version: 1",
                "name: generated",
                "source: { region: cn-hangzhou }",
                "destination: { region: cn-shanghai, kmsInstanceId: kst-sh-gen, encryptionKeyId: key-sh-gen }",
                "state: state.json",
                "sandbox: { world: world.yaml, data: sandbox.json }",
                extra,
                "");
    }

    /**
     * The spec for a {@link MemoryWorld}: {@link #cloudSpec}'s shape, with the public endpoints (never contacted: the
     * test injects the in-memory ports) and no CA file.
     */
    public static String memorySpec(String extra) {
        return String.join(
                "\n",
                "version: 1",
                "name: generated",
                "source:",
                "  region: cn-hangzhou",
                "  credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } }",
                "destination:",
                "  region: cn-shanghai",
                "  kmsInstanceId: kst-sh-gen",
                "  encryptionKeyId: key-sh-gen",
                "  credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } }",
                "state: state.json",
                extra,
                "");
    }

    /** The spec for a running emulator reached like the cloud: endpoints, CA file and env credentials. */
    public static String cloudSpec(io.kmsmig.emulator.EmulatorInfo info, String extra) {
        return cloudSpec(info, "state: state.json", extra);
    }

    /**
     * {@link #cloudSpec(io.kmsmig.emulator.EmulatorInfo, String)} with another {@code state:} block (a file of another
     * name, or a PostgreSQL backend: {@code "state: { backend: postgres, url: ..., schema: ... }"}).
     */
    public static String cloudSpec(io.kmsmig.emulator.EmulatorInfo info, String state, String extra) {
        return String.join(
                "\n",
                "version: 1",
                "name: generated",
                "source:",
                "  region: cn-hangzhou",
                "  endpoint: " + info.regionEndpoint("cn-hangzhou"),
                "  actionTrailEndpoint: " + info.actionTrail().get("cn-hangzhou"),
                "  stsEndpoint: " + info.sts(),
                "  caCert: " + info.caCertFile(),
                "  credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } }",
                "destination:",
                "  region: cn-shanghai",
                "  endpoint: " + info.regionEndpoint("cn-shanghai"),
                "  kmsInstanceId: kst-sh-gen",
                "  encryptionKeyId: key-sh-gen",
                "  stsEndpoint: " + info.sts(),
                "  caCert: " + info.caCertFile(),
                "  credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } }",
                state,
                extra,
                "");
    }
}
