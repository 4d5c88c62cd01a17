package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JAX's own tutorial notebooks, cell by cell, as Markdown notes under tests/tutorials: each cell's
 * expected lines are the outputs stored in the notebook (real JAX), and `jx test` must match them all.
 */
class TutorialsTest {
    private static final Path DIR = Jx.ROOT.resolve("tests/tutorials");

    @TestFactory
    Stream<DynamicTest> everyTutorialNotePasses() throws Exception {
        List<Path> notes;
        try (Stream<Path> s = Files.list(DIR)) {
            notes = s.filter(p -> p.toString().endsWith(".md") && !p.endsWith("README.md")).sorted().toList();
        }
        assertFalse(notes.isEmpty(), "no tutorial notes in " + DIR);
        return notes.stream().map(note -> DynamicTest.dynamicTest(note.getFileName().toString(), () -> {
            Jx.Result r = Jx.run("test", Jx.ROOT.relativize(note).toString());
            assertEquals(0, r.exit(), r.toString());
            String last = r.err().lines().reduce((a, b) -> b).orElse("");
            assertFalse(last.isEmpty() || !last.contains(" passed, 0 output mismatch, 0 errors"), r.toString());
        }));
    }
}
