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
 * Every tests/programs/NAME.jx prints exactly NAME.out, which real Python and NumPy wrote
 * (tests/programs/gen_golden.py): Python is the oracle for the language, NumPy for printing.
 */
class ProgramsTest {
    @TestFactory
    Stream<DynamicTest> programsPrintWhatPythonPrints() throws Exception {
        Path dir = Jx.ROOT.resolve("tests/programs");
        List<Path> programs;
        try (Stream<Path> files = Files.list(dir)) {
            programs = files.filter(p -> p.toString().endsWith(".jx")).sorted().toList();
        }
        assertFalse(programs.isEmpty(), "no programs in " + dir);
        return programs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String expected = Files.readString(Path.of(p.toString().replaceAll("\\.jx$", ".out")));
            Jx.Result r = Jx.run(p.toString());
            assertEquals(0, r.exit(), r::toString);
            assertEquals("", r.err(), r::toString);
            assertEquals(expected, r.out(), r::toString);
        }));
    }
}
