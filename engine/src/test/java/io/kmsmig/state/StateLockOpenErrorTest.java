package io.kmsmig.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kmsmig.diag.KmsmigException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state lock that cannot be opened says why in words and what to do. The JDK's AccessDeniedException and
 * FileAlreadyExistsException carry only the path as their message: "Cannot open the state lock X: X" (seen from a
 * release archive unpacked by root and run by another user) named no cause at all.
 */
class StateLockOpenErrorTest {
    @TempDir
    Path dir;

    @Test
    void aStateWhoseDirectoryIsAFile_isRefusedNamingTheFileThatIsNotADirectory() throws Exception {
        // given: the state's directory path is taken by a regular file (tests run as root: permissions cannot fail)
        Path notADir = Files.writeString(dir.resolve("state"), "");
        Path state = notADir.resolve("q.state.json");

        // when
        KmsmigException e = assertThrows(
                KmsmigException.class,
                () -> StateLock.acquire(state, "plan", "1.2.3", Duration.ZERO, Clock.systemUTC()));

        // then
        assertEquals(
                "Cannot open the state lock " + state + ".lock: " + notADir + " exists and is not a directory."
                        + " The state's directory must be a directory the user running kmsmig can write; or set `state:` in the"
                        + " spec to another file.",
                e.getMessage());
    }

    @Test
    void aPermissionDenied_isSaidInWords() {
        assertEquals(
                "permission denied on /opt/kmsmig/state",
                StateLock.reason(new AccessDeniedException("/opt/kmsmig/state")));
    }
}
