package io.kmsmig.cli;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.emulator.world.WorldLock;
import io.kmsmig.emulator.world.WorldLog;
import io.kmsmig.formats.FilePaths;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.StateBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files kmsmig keeps for a spec, which no output option may overwrite. */
final class OwnFiles {
    private OwnFiles() {}

    /** Each file, by what it is, for the message. */
    static Map<String, Path> of(Cli cli, MigrationSpec s, StateBackend backend) {
        Map<String, Path> own = new LinkedHashMap<>(backend.localFiles());
        own.put("the spec", cli.cwd().resolve(s.file()));
        if (s.sandboxed()) {
            own.put("the sandbox world (sandbox.world)", s.sandbox().world());
            own.put("the sandbox's saved world (sandbox.data)", s.sandbox().data());
            own.put("the sandbox world's lock", WorldLock.fileFor(s.sandbox().data()));
            own.put(
                    "the sandbox world's change log",
                    WorldLog.fileFor(s.sandbox().data()));
        }
        return own;
    }

    /**
     * Throws when {@code out} (as given with {@code option}) is one of the spec's own files, compared by real path
     * so a symbolic link, {@code ..} or another spelling of the same file is caught too. Call before writing anything;
     * {@code example} is a file name the message suggests instead.
     */
    static void refuse(Cli cli, MigrationSpec s, StateBackend backend, Path out, String option, String example) {
        Path target = FilePaths.real(cli.cwd().resolve(out));
        for (Map.Entry<String, Path> f : of(cli, s, backend).entrySet()) {
            if (sameFile(FilePaths.real(f.getValue()), target)) {
                throw new KmsmigException(
                        ErrorCode.OUTPUT_REFUSED,
                        option + " " + out + " is " + f.getKey() + " of "
                                + s.file() + " (" + target
                                + "); writing there would destroy it. Choose another file, e.g. "
                                + option + " " + example + ". Nothing was written.");
            }
        }
    }

    /**
     * Equal real paths, or two names of one existing file: a hard link has its own real path, yet an append through it
     * (--events) lands in the state's bytes.
     */
    private static boolean sameFile(Path own, Path target) {
        if (own.equals(target)) {
            return true;
        }
        try {
            return Files.exists(own) && Files.exists(target) && Files.isSameFile(own, target);
        } catch (IOException e) {
            return false;
        }
    }
}
