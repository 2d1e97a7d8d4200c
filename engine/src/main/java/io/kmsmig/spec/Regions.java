package io.kmsmig.spec;

import io.kmsmig.formats.Closest;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Alibaba Cloud region ids kmsmig knows, so a typo in a spec ({@code cn-hangzou}) is caught by validate, with a
 * suggestion, instead of failing later as an unknown host. A region missing from this list can still be used by
 * giving the side an explicit {@code endpoint}.
 *
 * <p>Source: the KMS "Endpoints" page (help/en/kms/key-management-service/developer-reference/
 * api-kms-2016-01-20-endpoint, updated 2025-07-29), public cloud, finance and government regions, including the
 * regions it lists as closed (a migration away from a closing region is a reason to run kmsmig). RegionsTest checks
 * that every KMS region of the bundled aliyun-java-sdk-core's endpoints.json is here too.
 */
public final class Regions {
    /** Every known region id, sorted. */
    public static final Set<String> KNOWN = Collections.unmodifiableSortedSet(new TreeSet<>(List.of(
            // China
            "cn-qingdao",
            "cn-beijing",
            "cn-zhangjiakou",
            "cn-huhehaote",
            "cn-wulanchabu",
            "cn-hangzhou",
            "cn-shanghai",
            "cn-nanjing",
            "cn-fuzhou",
            "cn-wuhan-lr",
            "cn-shenzhen",
            "cn-heyuan",
            "cn-guangzhou",
            "cn-chengdu",
            "cn-hongkong",
            // Asia Pacific
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ap-south-1",
            // Europe and Americas
            "eu-central-1",
            "eu-west-1",
            "us-east-1",
            "us-west-1",
            "na-south-1",
            // Middle East
            "me-east-1",
            "me-central-1",
            // Finance and government clouds
            "cn-hangzhou-finance",
            "cn-shanghai-finance-1",
            "cn-shenzhen-finance-1",
            "cn-beijing-finance-1",
            "cn-north-2-gov-1")));

    private Regions() {}

    /** Whether kmsmig knows {@code id}. */
    public static boolean known(String id) {
        return KNOWN.contains(id);
    }

    /** Why {@code id} is not a known region, with the nearest known ids, for a spec diagnostic. */
    public static String unknown(String id) {
        return "unknown region '" + id + "'"
                + suggestion(id).map(r -> "; did you mean '" + r + "'?").orElse(".")
                + " For a region kmsmig does not know yet, also give this side's endpoint (kms.<region>.aliyuncs.com)";
    }

    /**
     * The known region {@code typed} most likely means: itself in lower case without surrounding spaces
     * ({@code CN-HANGZHOU}, {@code " cn-hangzhou"}), else the nearest known id, if any is near.
     */
    public static Optional<String> suggestion(String typed) {
        String t = typed.strip().toLowerCase(Locale.ROOT);
        if (KNOWN.contains(t)) {
            return Optional.of(t);
        }
        return Closest.among(t, KNOWN, 1).stream().findFirst();
    }
}
