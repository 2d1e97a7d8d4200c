package io.kmsmig.support;

import io.kmsmig.emulator.instance.ClientKeys;
import io.kmsmig.emulator.world.ClientKeyInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An application's client key for the generated worlds' destination instance (kst-sh-gen): one RSA-2048 key pair and
 * password-protected PKCS#12 file per test JVM, made on first use (a key pair takes a second or more on a loaded
 * machine). Tests install it in their emulator with {@code emulator.world().replaceClientKey(SharedClientKey.get())}.
 */
public final class SharedClientKey {
    private static ClientKeyInfo key;

    private SharedClientKey() {}

    public static synchronized ClientKeyInfo get() {
        if (key == null) {
            try {
                Path dir = Files.createTempDirectory("kmsmig-client-key-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                key = ClientKeys.generate("KAAP.made-in-test", "kst-sh-gen", dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return key;
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // the JVM is ending; the directory is temporary
        }
    }
}
