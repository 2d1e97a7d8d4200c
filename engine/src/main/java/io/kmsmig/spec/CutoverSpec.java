package io.kmsmig.spec;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Step 5: deleting verified, unused source secrets.
 *
 * @param deleteSource       plan deletes eligible source secrets
 * @param recoveryWindowDays 7..30 days a deleted secret can be restored
 * @param forceDelete        delete with no recovery window (only when set explicitly)
 * @param quietPeriod        no foreign use of the source secret within this window (ActionTrail)
 * @param ignoreRecentUse    source secret name to the reason for deleting it despite recent use
 * @param trustedPrincipals  RAM user names, role names or ARNs (globs) whose metadata-only reads (DescribeSecret,
 *                           ListSecretVersionIds) are not use: security scanners, Cloud Config. Any other call of
 *                           theirs, GetSecretValue above all, counts.
 */
public record CutoverSpec(
        boolean deleteSource,
        int recoveryWindowDays,
        boolean forceDelete,
        Duration quietPeriod,
        Map<String, String> ignoreRecentUse,
        List<Glob> trustedPrincipals) {
    public CutoverSpec {
        ignoreRecentUse = Collections.unmodifiableSortedMap(new TreeMap<>(ignoreRecentUse));
        trustedPrincipals = List.copyOf(trustedPrincipals);
    }

    public static final CutoverSpec DEFAULT =
            new CutoverSpec(false, 30, false, Duration.ofDays(7), Map.of(), List.of());
}
