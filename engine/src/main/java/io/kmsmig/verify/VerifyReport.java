package io.kmsmig.verify;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The result of one verify.
 *
 * @param specName          the spec
 * @param sourceRegion      source region
 * @param destinationRegion destination region
 * @param viaInstance       whether the application path was read too
 * @param secrets           per secret, by source name
 * @param skipped           secrets not compared, with why (e.g. deleted in the source by cutover)
 * @param at                when
 */
public record VerifyReport(
        String specName,
        String sourceRegion,
        String destinationRegion,
        boolean viaInstance,
        List<SecretVerification> secrets,
        List<String> skipped,
        Instant at) {
    public VerifyReport {
        secrets = secrets.stream()
                .sorted(Comparator.comparing(SecretVerification::sourceName))
                .toList();
        skipped = List.copyOf(skipped);
    }

    public boolean passed() {
        return secrets.stream().allMatch(s -> s.result() == SecretVerification.Result.VERIFIED);
    }

    public long count(SecretVerification.Result r) {
        return secrets.stream().filter(s -> s.result() == r).count();
    }

    public String summaryLine() {
        return "Verify: " + count(SecretVerification.Result.VERIFIED) + " verified, "
                + count(SecretVerification.Result.DIFFERENT) + " different, " + count(SecretVerification.Result.ERROR)
                + " failed to read, " + skipped.size() + " skipped."
                + (viaInstance ? " Application path checked." : "");
    }
}
