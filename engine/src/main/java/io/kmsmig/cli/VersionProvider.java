package io.kmsmig.cli;

import io.kmsmig.kms.Versions;
import picocli.CommandLine.IVersionProvider;

/** {@code kmsmig --version}: kmsmig's version and the SDK versions it was built with ({@link Versions}). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "kmsmig " + Versions.kmsmig(),
            "  aliyun-java-sdk-kms " + Versions.of("aliyun-java-sdk-kms") + ", aliyun-java-sdk-core "
                    + Versions.of("aliyun-java-sdk-core"),
            "  alibabacloud-dkms-gcs-sdk " + Versions.of("alibabacloud-dkms-gcs-sdk") + ", aliyun-java-sdk-actiontrail "
                    + Versions.of("aliyun-java-sdk-actiontrail"),
            "  Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
