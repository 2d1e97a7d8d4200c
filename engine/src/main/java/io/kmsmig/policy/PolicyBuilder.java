package io.kmsmig.policy;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.spec.Glob;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.Selection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Builds the RAM policy one role needs for one spec, from the {@link Catalog}. Makes no call. */
public final class PolicyBuilder {
    /** The account segment when the account id is not given: any account. */
    public static final String ANY_ACCOUNT = "*";

    private static final String RAM_PREFIX = "acs/ram/user/";
    private static final String AUTO_NAME = "$Auto";
    /** RAM CreatePolicy's PolicyDocument: 1 to 6,144 characters (Resource Management API "CreatePolicy"). */
    static final int MAX_DOCUMENT = 6144;

    private final MigrationSpec spec;
    private final String account;

    /** {@code account} is the 16-digit account id, or {@link #ANY_ACCOUNT}. */
    public PolicyBuilder(MigrationSpec spec, String account) {
        this.spec = spec;
        this.account = account;
    }

    /** The role {@code apply -f SPEC} runs as: cutover when the spec deletes sources, else apply. */
    public static Role defaultRole(MigrationSpec spec) {
        return When.DELETE_SOURCE.holds(spec) ? Role.CUTOVER : Role.APPLY;
    }

    /** The policy of {@code role}; refuses apply for a spec that deletes sources and cutover for one that does not. */
    public RamPolicy build(Role role) {
        boolean deletes = When.DELETE_SOURCE.holds(spec);
        if (role == Role.CUTOVER && !deletes) {
            throw new KmsmigException(
                    ErrorCode.SPEC_INVALID,
                    spec.file() + " does not set cutover.deleteSource: true, "
                            + "so apply -f it never deletes a source secret and there is no cutover role for it. Generate the "
                            + "cutover policy from the spec that sets it (kmsmig policy -f cutover.yaml --role cutover), "
                            + "or use --role apply");
        }
        if (role == Role.APPLY && deletes) {
            throw new KmsmigException(
                    ErrorCode.SPEC_INVALID,
                    spec.file() + " sets cutover.deleteSource: true, so "
                            + "apply -f it deletes source secrets: that is the cutover role. Use --role cutover (the default "
                            + "for this spec)");
        }
        Map<Side, Map<Scope, TreeSet<String>>> actions = new EnumMap<>(Side.class);
        for (Grant g : Catalog.of(role)) {
            if (g.when().holds(spec)) {
                actions.computeIfAbsent(g.side(), s -> new EnumMap<>(Scope.class))
                        .computeIfAbsent(g.scope(), s -> new TreeSet<>())
                        .add(g.action());
            }
        }
        List<RamPolicy.Statement> statements = new ArrayList<>();
        actions.forEach((side, byScope) -> byScope.forEach(
                (scope, names) -> statements.add(new RamPolicy.Statement(List.copyOf(names), resources(side, scope)))));
        RamPolicy policy = new RamPolicy(role, statements, notes(role));
        int length = policy.json().length();
        if (length <= MAX_DOCUMENT) {
            return policy;
        }
        List<String> notes = new ArrayList<>(policy.notes());
        notes.add(
                0,
                "The document is " + length + " characters; RAM's CreatePolicy takes at most " + MAX_DOCUMENT
                        + ". Use fewer, broader secrets.include globs, or split the statements over two policies (one per "
                        + "region) and attach both.");
        return new RamPolicy(role, statements, notes);
    }

    private String region(Side side) {
        return side == Side.SOURCE ? spec.source().region() : spec.destination().region();
    }

    private List<String> resources(Side side, Scope scope) {
        String kms = "acs:kms:" + region(side) + ":" + account + ":";
        return switch (scope) {
            case REGION -> List.of(kms + "*");
            case SECRETS ->
                secretNames(side).stream().map(n -> kms + "secret/" + n).toList();
            case KEY -> key(kms);
            case ANY_KEY -> List.of(kms + "key/*");
            case TRAIL -> List.of("acs:actiontrail:" + region(side) + ":" + account + ":*");
        };
    }

    private List<String> key(String kms) {
        String id = spec.destination().encryptionKeyId();
        if (id.startsWith("acs:kms:")) {
            return List.of(id);
        }
        if (id.startsWith("alias/")) {
            return List.of(kms + "alias/" + id.substring("alias/".length()), kms + "key/*");
        }
        return List.of(kms + "key/" + id);
    }

    /** Name patterns of the selected secrets in one region (the destination's carry the renames). */
    List<String> secretNames(Side side) {
        Selection sel = spec.selection() != null ? spec.selection() : Selection.ALL;
        List<String> source = new ArrayList<>();
        for (Glob g : sel.include()) {
            source.addAll(NamePatterns.of(g.toString()));
        }
        source = NamePatterns.minimal(source);
        if (side == Side.SOURCE) {
            return source;
        }
        List<String> dest = new ArrayList<>();
        source.forEach(p -> dest.add(sel.renamePrefix() + p));
        sel.renameMap().forEach((from, to) -> {
            if (sel.selectsName(from)) {
                dest.add(sel.renamePrefix() + to);
            }
        });
        if (When.RAM_RECREATE.holds(spec)
                && source.stream()
                        .map(NamePatterns::literalPrefix)
                        .anyMatch(p -> p.startsWith(RAM_PREFIX) || RAM_PREFIX.startsWith(p))) {
            // CreateSecret sends SecretName=$Auto and KMS names the secret from the RAM user's display name (§12.2,
            // §19); which of the two names RAM authorizes is not documented, so both are granted
            dest.add(RAM_PREFIX + "*");
            dest.add(AUTO_NAME);
        }
        return NamePatterns.minimal(dest);
    }

    private List<String> notes(Role role) {
        List<String> notes = new ArrayList<>();
        if (ANY_ACCOUNT.equals(account)) {
            notes.add("The account segment of every ARN is '*': kmsmig policy makes no call, so it does not know your "
                    + "account id. Pass --account ID (the AccountId of 'aliyun sts GetCallerIdentity') to pin it.");
        }
        notes.add("sts:GetCallerIdentity, which kmsmig calls to learn who it is, needs no RAM permission.");
        Selection sel = spec.selection() != null ? spec.selection() : Selection.ALL;
        if (!sel.exclude().isEmpty() || !sel.tags().isEmpty()) {
            notes.add("secrets.exclude and secrets.tags are not in the Resource patterns (RAM cannot say them): the "
                    + "patterns cover secrets.include.");
        }
        notes.add("Secret patterns are wider than the spec's globs where RAM's '*' also matches '/' (orders/* covers "
                + "orders/eu/db).");
        if (role != Role.PLAN) {
            notes.add("kms:Decrypt on every " + spec.source().region() + " key: the spec does not name the source "
                    + "secrets' keys (DescribeSecret's EncryptionKeyId does); narrow it to them if you can. Secrets "
                    + "under the service's own key need none.");
        }
        if (secretNames(Side.DESTINATION).contains(AUTO_NAME) && role != Role.PLAN && role != Role.VERIFY) {
            notes.add("RAM secrets are re-created with SecretName=$Auto and named acs/ram/user/<display name> by KMS; "
                    + "the destination grants both names.");
        }
        if (spec.destination().encryptionKeyId().startsWith("alias/")) {
            notes.add("encryptionKeyId is an alias: its key id is unknown without a call, so key/* stands for it; "
                    + "replace it with the key's ARN.");
        }
        if (role == Role.VERIFY) {
            notes.add("verify --via-instance reads through the instance endpoint with the application's client key: "
                    + "its access point policy authorizes that, not RAM.");
        }
        return notes;
    }
}
