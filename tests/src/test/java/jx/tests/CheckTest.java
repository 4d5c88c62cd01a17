package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The static checker on the programs of tests/check: each rejected/NAME.jx starts with one
 * {@code # expect: LINE:COL: message fragment} line per diagnostic `jx check` must print (no more,
 * no fewer); each accepted/NAME.jx must check silently. One `jx check` process checks each directory.
 */
class CheckTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+): (.+)");
    private static final Pattern HEADER = Pattern.compile("^(.+\\.jx):(\\d+):(\\d+): error: (.+)$", Pattern.MULTILINE);

    private record Found(int line, int col, String message) {}

    @TestFactory
    Stream<DynamicTest> rejectedProgramsReportWhatTheyExpectAndNothingElse() throws Exception {
        List<Path> programs = programs("rejected");
        Jx.Result r = Jx.run(command(programs));
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        Map<String, List<Found>> byFile = new HashMap<>();
        Matcher m = HEADER.matcher(r.err());
        while (m.find()) {
            byFile.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                    .add(new Found(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4)));
        }
        return programs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            List<Found> expected = new ArrayList<>();
            for (String line : Files.readAllLines(p)) {
                Matcher e = EXPECT.matcher(line);
                if (e.matches()) {
                    expected.add(new Found(Integer.parseInt(e.group(1)), Integer.parseInt(e.group(2)), e.group(3)));
                }
            }
            assertFalse(expected.isEmpty(), p + " has no # expect: line");
            List<Found> found = byFile.getOrDefault(p.toString(), List.of());
            String report = "expected " + expected + "\nfound " + found;
            assertEquals(expected.size(), found.size(), report);
            for (int i = 0; i < expected.size(); i++) {
                Found want = expected.get(i);
                Found got = found.get(i);
                assertTrue(want.line() == got.line() && want.col() == got.col()
                        && got.message().contains(want.message()), report);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> acceptedProgramsCheckSilently() throws Exception {
        List<Path> programs = programs("accepted");
        Jx.Result r = Jx.run(command(programs));
        return programs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            assertFalse(r.err().contains(p.toString()), r::toString);
            assertEquals(0, r.exit(), r::toString);
            assertEquals("", r.out(), r::toString);
        }));
    }

    @Test
    void aShapeErrorOnTheLastLineStopsTheScriptBeforeItsFirstPrint() throws Exception {
        Jx.Result r = Jx.run(Jx.ROOT.resolve("tests/check/rejected/error_after_prints.jx").toString());
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().startsWith(Jx.ROOT.resolve("tests/check/rejected/error_after_prints.jx") + ":5:5: error: "
                + "cannot reshape array of size 3 into shape (2, 2)"), r::toString);
    }

    @Test
    void runChecksEachFileBeforeRunningIt() throws Exception {
        Jx.Result r = Jx.run("run", Jx.ROOT.resolve("tests/check/rejected/error_after_prints.jx").toString());
        assertEquals(2, r.exit(), r::toString);
        assertFalse(r.out().contains("start"), r::toString);
    }

    private static List<Path> programs(String dir) throws Exception {
        try (Stream<Path> files = Files.list(Jx.ROOT.resolve("tests/check").resolve(dir))) {
            List<Path> out = files.filter(p -> p.toString().endsWith(".jx")).sorted().toList();
            assertTrue(out.size() >= 60, "at least 60 programs in tests/check/" + dir);
            return out;
        }
    }

    private static String[] command(List<Path> programs) {
        List<String> args = new ArrayList<>(List.of("check"));
        programs.forEach(p -> args.add(p.toString()));
        return args.toArray(String[]::new);
    }
}
