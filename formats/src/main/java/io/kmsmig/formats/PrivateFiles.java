package io.kmsmig.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read (mode 0600 where the file system has POSIX permissions): the sandbox world (it
 * holds secret values), the emulator's --info file (access key secrets) and key material. The mode is set when the
 * file is created, never after, so no other user can open it in between; a file written again keeps 0600 because
 * it is replaced by a new one.
 */
public final class PrivateFiles {
    /** rw------- */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Writes {@code bytes} to {@code file} atomically: a new owner-only temp file, fsync, rename over the target. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        writeAtomically(file, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
    }

    /** Writes what {@code content} streams to {@code file} atomically, like {@link #writeAtomically(Path, byte[])}. */
    public static void writeAtomically(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp", ownerOnly(dir));
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** What a streamed atomic write writes, to the temp file's channel (which it must not close). */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Opens {@code file} for reading and writing, creating it owner-only when it does not exist. A symbolic link there
     * is refused, never followed: the caller rewrites the file, which would destroy the link's target.
     */
    public static FileChannel openOrCreate(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (Files.isSymbolicLink(file)) {
            throw new FileSystemException(
                    file.toString(),
                    null,
                    "a symbolic link (to "
                            + Files.readSymbolicLink(file)
                            + "), and kmsmig does not write through links: remove it (rm " + file
                            + "), kmsmig creates the file itself");
        }
        try {
            Files.createFile(file, ownerOnly(dir));
        } catch (FileAlreadyExistsException e) {
            // made by an earlier run: opened as it is
        }
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Creates {@code file} owner-only when it does not exist yet; an existing file (or a link to one: a log the user
     * points at) is left as it is. For files kmsmig appends to, such as the events file.
     */
    public static void createIfAbsent(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, ownerOnly(dir));
            } catch (FileAlreadyExistsException e) {
                // created meanwhile by someone else: appended to as it is
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) throws IOException {
        return Files.getFileStore(dir).supportsFileAttributeView("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }
}
