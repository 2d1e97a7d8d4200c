package io.kmsmig.kms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** kmsmig's version and the SDK versions it was built with (filled in by the build). */
public final class Versions {
    private static final Properties P = load();

    private Versions() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/io/kmsmig/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public static String kmsmig() {
        return P.getProperty("kmsmig", "dev");
    }

    public static String of(String artifact) {
        return P.getProperty(artifact, "?");
    }
}
