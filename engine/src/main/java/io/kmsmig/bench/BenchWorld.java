package io.kmsmig.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated sandbox world of {@code n} source secrets: 3 versions each on average (1 to 5), stage maps like real
 * ones (ACSCurrent on the newest, ACSPrevious on the one before, some custom labels, some deprecated versions) and a
 * mix of types: mostly generic secrets outside any instance, some inside a KMS instance (backup-restore), and RDS,
 * ECS and RAM secrets (nothing to write). Values are canaries.
 */
public final class BenchWorld {
    private BenchWorld() {}

    /** The world file (sandbox-world.v1) as YAML. */
    public static String yaml(int n) {
        List<String> l = new ArrayList<>(List.of(
                "version: 1",
                "account: \"1234567890123456\"",
                "accessKeys:",
                "  - { id: LTAIbenchMigrator, secret: bench-migrator-secret, user: migrator }",
                "semantics: { acsPreviousFollowsCurrent: true, versionOrder: shuffled, seed: 11 }",
                "regions:",
                "  cn-hangzhou:",
                "    kmsInstances: [ { id: kst-hz-bench, keys: [ key-hz-bench ] } ]",
                "    secrets:"));
        for (int i = 0; i < n; i++) {
            secret(l, i);
        }
        l.addAll(List.of(
                "  cn-shanghai:",
                "    kmsInstances: [ { id: kst-sh-bench, keys: [ key-sh-bench ] } ]",
                "    secrets: []",
                ""));
        return String.join("\n", l);
    }

    /** Of every 100 secrets: 85 generic outside an instance, 5 inside one, 4 RDS, 3 ECS, 3 RAM. */
    static String kind(int i) {
        int r = i % 100;
        return r < 85 ? "generic" : r < 90 ? "instance" : r < 94 ? "rds" : r < 97 ? "ecs" : "ram";
    }

    private static void secret(List<String> l, int i) {
        String kind = kind(i);
        String team = "team" + (i % 20);
        switch (kind) {
            case "rds" -> {
                l.add("      - { name: rds/db-" + i
                        + ", type: Rds, extendedConfig: { SecretSubType: SingleUser, DBInstanceId: rm-" + i
                        + ", CustomData: {} }, tags: { team: " + team + " },");
                l.add(
                        "          versions: [ { id: d1, created: 2024-01-01T00:00:00Z, stages: [ACSCurrent], data: \"CANARY rds "
                                + i + "\" } ] }");
                return;
            }
            case "ecs" -> {
                l.add("      - { name: acs/ecs/i-" + i
                        + "/root, type: ECS, extendedConfig: { SecretSubType: Password, RegionId: "
                        + "cn-hangzhou, InstanceId: i-" + i + ", CustomData: {} },");
                l.add(
                        "          versions: [ { id: e1, created: 2024-01-01T00:00:00Z, stages: [ACSCurrent], data: \"CANARY ecs "
                                + i + "\" } ] }");
                return;
            }
            case "ram" -> {
                l.add("      - { name: acs/ram/user/u-" + i
                        + ", type: RAMCredentials, extendedConfig: { SecretSubType: " + "RamUserAccessKey, UserName: u-"
                        + i + ", CustomData: {} },");
                l.add("          versions: [ { id: r1, created: 2024-01-01T00:00:00Z, stages: [ACSCurrent], data: "
                        + "\"CANARY ram " + i + "\" } ] }");
                return;
            }
            default -> {}
        }
        l.add("      - name: " + team + "/app-" + (i % 7) + "/secret-" + i);
        l.add("        description: generated secret " + i);
        l.add("        tags: { team: " + team + ", env: prod }");
        if (kind.equals("instance")) {
            l.add("        kmsInstanceId: kst-hz-bench");
            l.add("        encryptionKeyId: key-hz-bench");
        }
        l.add("        versions:");
        int versions = 1 + (i % 5);
        for (int v = 1; v <= versions; v++) {
            String stages;
            if (v == versions) {
                stages = i % 11 == 0 ? "[ACSCurrent, Approved]" : "[ACSCurrent]";
            } else if (v == versions - 1) {
                stages = "[ACSPrevious]";
            } else if (v == 1 && i % 4 == 0) {
                stages = "[\"001\"]";
            } else {
                stages = "[]";
            }
            l.add(String.format(
                    "          - { id: v%d, created: 2023-%02d-01T00:00:00Z, stages: %s, data: \"CANARY %d %d\" }",
                    v, v, stages, i, v));
        }
    }
}
