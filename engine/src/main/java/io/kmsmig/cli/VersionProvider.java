package io.kmsmig.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code kmsmig --version}: kmsmig's version and the SDK versions it was built with. */
public final class VersionProvider implements IVersionProvider {
    static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** kmsmig's own version. */
    public static String version() {
        return versions().getProperty("kmsmig", "dev");
    }

    @Override
    public String[] getVersion() {
        Properties p = versions();
        return new String[] {
            "kmsmig " + p.getProperty("kmsmig", "dev"),
            "  aliyun-java-sdk-kms " + p.getProperty("aliyun-java-sdk-kms", "?")
                    + ", aliyun-java-sdk-core " + p.getProperty("aliyun-java-sdk-core", "?"),
            "  alibabacloud-dkms-gcs-sdk " + p.getProperty("alibabacloud-dkms-gcs-sdk", "?")
                    + ", aliyun-java-sdk-actiontrail " + p.getProperty("aliyun-java-sdk-actiontrail", "?"),
            "  Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
