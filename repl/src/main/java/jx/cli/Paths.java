package jx.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jline.reader.Candidate;

/** Completion of a file path typed after {@code :load}: directories end in '/' and keep completing. */
final class Paths {
    private Paths() {
    }

    static List<Candidate> complete(String typed) {
        int slash = typed.lastIndexOf('/');
        String dirPart = slash >= 0 ? typed.substring(0, slash + 1) : "";
        String namePart = typed.substring(slash + 1);
        Path dir = dirPart.isEmpty() ? Path.of(".") : Path.of(dirPart);
        List<Candidate> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> {
                String name = p.getFileName().toString();
                if (!name.startsWith(namePart) || (name.startsWith(".") && !namePart.startsWith("."))) {
                    return;
                }
                boolean isDir = Files.isDirectory(p);
                String value = dirPart + name + (isDir ? "/" : "");
                out.add(new Candidate(value, name + (isDir ? "/" : ""), null, null, null, null, !isDir));
            });
        } catch (IOException | RuntimeException e) {
            // an unreadable or missing directory completes nothing
        }
        return out;
    }
}
