package io.kmsmig.emulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How to start an emulator.
 *
 * @param seedWorld    the world file (YAML or JSON) used when {@code dataFile} does not exist yet; or null when
 *                     {@code seedBytes} is given
 * @param seedBytes    the seed world's text, instead of a file
 * @param dataFile     where the world is persisted after every write and loaded from on start; null: in memory
 * @param tlsDir       where the CA is kept (emulator-ca.p12, emulator-ca.pem); null: an in-memory CA per JVM
 * @param clientKeyDir where generated client keys are written; null: beside the data file or in a temp dir
 * @param host         address to listen on (loopback by default)
 * @param basePort     0 for ephemeral ports, else the first of consecutive ports
 * @param clock        base clock (the emulator adds an advanceable offset)
 */
public record EmulatorConfig(
        Path seedWorld,
        byte[] seedBytes,
        Path dataFile,
        Path tlsDir,
        Path clientKeyDir,
        String host,
        int basePort,
        Clock clock) {
    public EmulatorConfig {
        if (seedWorld == null && seedBytes == null && dataFile == null) {
            throw new IllegalArgumentException("give a seed world or a data file");
        }
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clock, "clock");
    }

    public static EmulatorConfig ofWorld(Path worldFile) {
        return new EmulatorConfig(worldFile, null, null, null, null, "127.0.0.1", 0, Clock.systemUTC());
    }

    public static EmulatorConfig ofYaml(String worldText) {
        return new EmulatorConfig(
                null, worldText.getBytes(StandardCharsets.UTF_8), null, null, null, "127.0.0.1", 0, Clock.systemUTC());
    }

    public EmulatorConfig withDataFile(Path f) {
        return new EmulatorConfig(seedWorld, seedBytes, f, tlsDir, clientKeyDir, host, basePort, clock);
    }

    public EmulatorConfig withTlsDir(Path d) {
        return new EmulatorConfig(seedWorld, seedBytes, dataFile, d, clientKeyDir, host, basePort, clock);
    }

    public EmulatorConfig withClientKeyDir(Path d) {
        return new EmulatorConfig(seedWorld, seedBytes, dataFile, tlsDir, d, host, basePort, clock);
    }

    public EmulatorConfig withPort(int p) {
        return new EmulatorConfig(seedWorld, seedBytes, dataFile, tlsDir, clientKeyDir, host, p, clock);
    }

    public EmulatorConfig withClock(Clock c) {
        return new EmulatorConfig(seedWorld, seedBytes, dataFile, tlsDir, clientKeyDir, host, basePort, c);
    }
}
