package io.kmsmig.emulator.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Secret read operations on one region. Call only inside {@link World#read} (or write). Cites kms-openapi.md. */
public final class SecretReads {
    private final World world;
    private final Region region;

    public SecretReads(World world, Region region) {
        this.world = world;
        this.region = region;
    }

    /** §4 DescribeSecret: any existing secret, including one pending deletion. */
    public Secret describe(String name) {
        Secret s = region.secrets.get(name);
        if (s == null || world.expired(s)) {
            throw KmsError.notFound("secret " + name);
        }
        return s;
    }

    /** §5 ListSecrets: secrets matching every filter, by name (order UNCONFIRMED). */
    public List<Secret> list(List<ListFilter> filters) {
        List<Secret> out = new ArrayList<>();
        for (Secret s : region.secrets.values()) {
            if (!world.expired(s) && filters.stream().allMatch(f -> f.matches(s))) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * §6 ListSecretVersionIds: labelled versions, plus unlabelled ones with IncludeDeprecated, in the order
     * switch (b) chooses. The shuffle is seeded per secret so every page sees the same order.
     */
    public List<Version> versions(String name, boolean includeDeprecated) {
        Secret s = describe(name);
        List<Version> out = new ArrayList<>();
        for (Version v : s.versions) {
            if (includeDeprecated || !v.stages().isEmpty()) {
                out.add(v);
            }
        }
        Semantics sem = world.semantics();
        switch (sem.versionOrder()) {
            case REVERSE -> Collections.reverse(out);
            case SHUFFLED ->
                Collections.shuffle(out, new Random(sem.seed() * 31 + s.name().hashCode()));
            default -> {}
        }
        return out;
    }

    /**
     * §7 GetSecretValue: by VersionId and/or VersionStage (default ACSCurrent); both given must name the same
     * version. Managed types ignore VersionId and accept only ACSCurrent or ACSPrevious.
     */
    public Version value(String name, String versionId, String stage) {
        Secret s = describe(name);
        if (s.pendingDeletion()) {
            throw KmsError.inDeleteWindow(name); // UNCONFIRMED §11; AWS blocks reads too
        }
        if (s.type().managed()) {
            String st = stage == null ? Stages.CURRENT : stage;
            if (!Stages.reserved(st)) {
                throw KmsError.invalid("VersionStage", "managed secrets take ACSCurrent or ACSPrevious");
            }
            return s.holderOf(st).orElseThrow(() -> KmsError.notFound("stage " + st));
        }
        if (versionId != null) {
            Version v = s.version(versionId).orElseThrow(() -> KmsError.notFound("version " + versionId));
            if (stage != null && !v.has(stage)) {
                throw KmsError.invalid("VersionStage", "version " + versionId + " does not carry " + stage);
            }
            return v;
        }
        String st = stage == null ? Stages.CURRENT : stage;
        return s.holderOf(st).orElseThrow(() -> KmsError.notFound("stage " + st));
    }

    /** §13 GetSecretPolicy: the stored policy, or the default one. */
    public String policy(String name, String policyName) {
        Secret s = describe(name);
        checkPolicyName(policyName);
        if (s.kmsInstanceId() == null) {
            throw KmsError.unsupported("secret policies exist only for secrets in a KMS instance");
        }
        if (s.policy() != null) {
            return s.policy();
        }
        return "{\"Version\":\"1\",\"Statement\":[{\"Sid\":\"kms default\",\"Effect\":\"Allow\",\"Principal\":{\"RAM\":[\"acs:ram::"
                + world.account() + ":*\"]},\"Action\":[\"kms:*\"],\"Resource\":[\"*\"]}]}";
    }

    static void checkPolicyName(String policyName) {
        if (policyName != null && !"default".equals(policyName)) {
            throw KmsError.notFound("policy " + policyName + " (only 'default' exists)");
        }
    }

    /** Tags of a key, for ListTagResources with ResourceType=key. */
    public Map<String, String> keyTags(String keyId) {
        if (region.key(keyId).isEmpty()) {
            throw KmsError.keyNotFound(keyId);
        }
        return region.keyTags.getOrDefault(keyId, Map.of());
    }
}
