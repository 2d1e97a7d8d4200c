package io.kmsmig.emulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a running emulator listens and how to talk to it; {@link #toJson()} is the {@code --info} file.
 *
 * @param regions     region to KMS endpoint {@code host:port}
 * @param instances   KMS instance id to gateway endpoint {@code host:port}
 * @param actionTrail region to ActionTrail endpoint {@code host:port}
 * @param caCertFile  PEM of the CA that signed every endpoint's certificate
 * @param accessKeys  access keys the emulator accepts (sandbox values)
 * @param clientKeys  client keys the emulator generated (file and password), or declared (no file)
 * @param admin       base URL of the admin API
 * @param adminToken  the bearer token the admin API requires ({@code Authorization: Bearer <token>}); random per
 *                    start, and written only to the owner-only {@code --info} file
 * @param sts         the account's STS endpoint {@code host:port} (GetCallerIdentity, AssumeRole)
 */
public record EmulatorInfo(
        Map<String, String> regions,
        Map<String, String> instances,
        Map<String, String> actionTrail,
        Path caCertFile,
        List<Key> accessKeys,
        List<ClientKey> clientKeys,
        String admin,
        String adminToken,
        String sts) {
    /** An access key pair. */
    public record Key(String id, String secret) {}

    /** A client key: id, its ClientKey file and password (null for keys declared with a public key only). */
    public record ClientKey(String id, String kmsInstanceId, String file, String password) {}

    public EmulatorInfo {
        regions = Map.copyOf(new TreeMap<>(regions));
        instances = Map.copyOf(new TreeMap<>(instances));
        actionTrail = Map.copyOf(new TreeMap<>(actionTrail));
        accessKeys = List.copyOf(accessKeys);
        clientKeys = List.copyOf(clientKeys);
    }

    public String regionEndpoint(String region) {
        String e = regions.get(region);
        if (e == null) {
            throw new IllegalArgumentException("the emulator serves no region " + region);
        }
        return e;
    }

    /** JSON with keys regions.&lt;r&gt;.endpoint, instances.&lt;id&gt;.endpoint, actiontrail.&lt;r&gt;.endpoint, caCertFile,
     * sts.endpoint, accessKeys[], clientKeys[], admin, adminToken. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        ObjectNode r = o.putObject("regions");
        new TreeMap<>(regions).forEach((k, v) -> r.putObject(k).put("endpoint", v));
        ObjectNode i = o.putObject("instances");
        new TreeMap<>(instances).forEach((k, v) -> i.putObject(k).put("endpoint", v));
        ObjectNode a = o.putObject("actiontrail");
        new TreeMap<>(actionTrail).forEach((k, v) -> a.putObject(k).put("endpoint", v));
        o.putObject("sts").put("endpoint", sts);
        o.put("caCertFile", caCertFile.toString());
        ArrayNode aks = o.putArray("accessKeys");
        accessKeys.forEach(k -> aks.addObject().put("id", k.id()).put("secret", k.secret()));
        ArrayNode cks = o.putArray("clientKeys");
        clientKeys.forEach(k -> {
            ObjectNode c = cks.addObject().put("id", k.id()).put("kmsInstanceId", k.kmsInstanceId());
            if (k.file() != null) {
                c.put("file", k.file()).put("password", k.password());
            }
        });
        o.put("admin", admin);
        o.put("adminToken", adminToken);
        return o;
    }
}
