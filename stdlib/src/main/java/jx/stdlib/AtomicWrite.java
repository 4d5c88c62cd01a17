package jx.stdlib;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file so that it is always either its old or its new content: the bytes go to a temp file
 * beside it, renamed over it when complete. The temp file is named for the target and the writing
 * process ({@code .data.npy.<pid>.jx-tmp}), so that a later save of the same target can remove what
 * a killed process left behind (a live writer's file is left alone), and it is removed on an error
 * or an exit during the write.
 */
final class AtomicWrite {
    private static final String SUFFIX = ".jx-tmp";
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(AtomicWrite::deleteQuietly), "jx-tmp-cleanup"));
    }

    private AtomicWrite() {
    }

    static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        removeStale(dir, prefix);
        Path tmp = dir.resolve(prefix + ProcessHandle.current().pid() + SUFFIX);
        IN_FLIGHT.add(tmp);
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            deleteQuietly(tmp);
            IN_FLIGHT.remove(tmp);
        }
    }

    /** Temp files of this target whose writer is gone: a process killed mid-write (kill -9) left them. */
    private static void removeStale(Path dir, String prefix) {
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, glob(prefix) + "*" + SUFFIX)) {
            for (Path p : found) {
                String name = p.getFileName().toString();
                String pid = name.substring(prefix.length(), name.length() - SUFFIX.length());
                if (pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
                        && ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true)) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Cleaning up is a courtesy; the save itself decides success.
        }
    }

    private static String glob(String literal) {
        return literal.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // Nothing better to do at exit or after a failed write.
        }
    }
}
