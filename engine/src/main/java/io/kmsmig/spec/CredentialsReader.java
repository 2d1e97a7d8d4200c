package io.kmsmig.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** A side's {@code credentials} in a spec: which source to use, and never a secret written into the spec itself. */
final class CredentialsReader {
    /** An AccessKey id (LTAI...), an STS key id (STS....), an STS security token (CAIS...) or an OIDC token (a JWT). */
    private static final Pattern KEY_LIKE =
            Pattern.compile("(?<![A-Za-z0-9])(LTAI[0-9A-Za-z]{8,}|STS\\.[0-9A-Za-z]{8,}|CAIS[0-9A-Za-z+/=]{40,}"
                    + "|eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{2,}\\.)");

    private CredentialsReader() {}

    /** A side's credentials: at most one base, assumeRole on top; never anything that looks like a key. */
    static Credentials read(String p, JsonNode c, BiConsumer<String, String> error) {
        if (!c.isObject()) {
            return Credentials.DEFAULT_CHAIN;
        }
        List<String> bases = new ArrayList<>();
        for (String b : List.of("profile", "env", "ecsRamRole", "oidc")) {
            if (c.has(b)) {
                bases.add(b);
            }
        }
        if (bases.size() > 1) {
            error.accept(
                    p,
                    "give at most one of profile, env, ecsRamRole, oidc (found " + String.join(", ", bases)
                            + "); assumeRole may come on top of any of them");
        }
        refuseKeys(p, c, error);
        Credentials creds = Credentials.DEFAULT_CHAIN;
        if (c.path("profile").isString()) {
            creds = new Credentials(c.get("profile").asString(), null, null, null, null, null, null);
        } else if (c.path("env").isObject()) {
            JsonNode env = c.get("env");
            creds = new Credentials(
                    null,
                    env.path("accessKeyId").asString(""),
                    env.path("accessKeySecret").asString(""),
                    text(env, "securityToken"),
                    null,
                    null,
                    null);
        } else if (c.path("ecsRamRole").isObject()) {
            creds = new Credentials(
                    null,
                    null,
                    null,
                    null,
                    new Credentials.EcsRamRole(text(c.get("ecsRamRole"), "roleName")),
                    null,
                    null);
        } else if (c.path("oidc").isObject()) {
            JsonNode o = c.get("oidc");
            creds = new Credentials(
                    null,
                    null,
                    null,
                    null,
                    null,
                    new Credentials.Oidc(
                            text(o, "roleArn"),
                            text(o, "oidcProviderArn"),
                            text(o, "oidcTokenFile"),
                            text(o, "sessionName"),
                            text(o, "stsEndpoint")),
                    null);
        }
        JsonNode a = c.path("assumeRole");
        if (a.isObject()) {
            creds = creds.withAssumeRole(new Credentials.AssumeRole(
                    a.path("roleArn").asString(""),
                    text(a, "sessionName"),
                    text(a, "externalId"),
                    a.path("durationSeconds").isIntegralNumber()
                            ? a.get("durationSeconds").asInt()
                            : null,
                    text(a, "stsEndpoint")));
        }
        return creds;
    }

    /**
     * Refuses a value that looks like an access key id, STS token or OIDC token anywhere under credentials: a spec
     * names where credentials come from and is committed to repositories, so it must never hold one.
     */
    private static void refuseKeys(String p, JsonNode n, BiConsumer<String, String> error) {
        if (n.isObject()) {
            n.properties().forEach(e -> refuseKeys(p + "/" + e.getKey(), e.getValue(), error));
        } else if (n.isString() && KEY_LIKE.matcher(n.asString()).find()) {
            error.accept(
                    p,
                    "this looks like an access key id or STS token, or an OIDC token. A spec never holds "
                            + "credentials: name "
                            + "where they come from, e.g. { env: { accessKeyId: VAR_NAME, accessKeySecret: VAR_NAME } } "
                            + "or { profile: NAME }");
        }
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isString() ? n.get(field).asString() : null;
    }
}
