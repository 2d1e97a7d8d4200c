package io.kmsmig.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A loaded, valid migration spec. Immutable.
 *
 * @param file        the spec file as given on the command line
 * @param sha256      SHA-256 (hex) of the spec file's bytes; saved plans pin it
 * @param name        the migration's name; names the state file
 * @param source      the source region
 * @param destination the destination region and instance
 * @param selection   which secrets, and their destination names
 * @param policies    instance and RAM secret handling
 * @param cutover     source deletion settings
 * @param execution   parallelism, rate limits, attempts
 * @param state       where the state lives: a file, or a PostgreSQL database
 * @param sandbox     the embedded emulator settings, or null for the real cloud
 */
public record MigrationSpec(
        Path file,
        String sha256,
        String name,
        Endpoints source,
        Destination destination,
        Selection selection,
        Policies policies,
        CutoverSpec cutover,
        Execution execution,
        StateLocation state,
        SandboxSpec sandbox) {
    public MigrationSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(state, "state");
    }

    /** The state file, or null when the state is in a database ({@link #state()} says where). */
    public Path statePath() {
        return state instanceof StateLocation.File f ? f.path() : null;
    }

    public boolean sandboxed() {
        return sandbox != null;
    }

    public MigrationSpec withExecution(Execution e) {
        return new MigrationSpec(
                file, sha256, name, source, destination, selection, policies, cutover, e, state, sandbox);
    }
}
