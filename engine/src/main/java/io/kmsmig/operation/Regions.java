package io.kmsmig.operation;

import io.kmsmig.kms.Connections;

/** Both regions (and the destination instance's gateway) as an operation works on them, open until closed. */
public interface Regions extends AutoCloseable {
    /** The KMS and ActionTrail connections of both regions. */
    Connections connections();

    /** Why reading through the destination instance endpoint cannot run, or null when it can. */
    String gatewayProblem();

    @Override
    void close();

    /** Opens the regions, for {@code parallelism} secrets at once; an operation calls it holding the state lock. */
    @FunctionalInterface
    interface Opener {
        Regions open(int parallelism);
    }
}
