package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden programs, two examples and the AD program with every function they define jitted
 * (JX_JIT_ALL=1): each prints exactly what it prints eagerly (its golden output where it has one),
 * printing, AD and random numbers included.
 */
class JitEverywhereTest {
    private static List<Path> jx(String dir) throws Exception {
        try (Stream<Path> files = Files.list(Jx.ROOT.resolve(dir))) {
            return files.filter(p -> p.toString().endsWith(".jx")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> programsPrintTheSameWithEveryFunctionJitted() throws Exception {
        List<Path> programs = new ArrayList<>(jx("tests/programs"));
        // Of the examples, the two built on grad, vmap and jit (the rest are in ExamplesTest; each run here costs two JVMs).
        programs.add(Jx.ROOT.resolve("examples/mlp_adam.jx"));
        programs.add(Jx.ROOT.resolve("examples/per_example_grads.jx"));
        programs.addAll(jx("tests/ad"));
        assertFalse(programs.isEmpty());
        return programs.stream().map(p -> DynamicTest.dynamicTest(Jx.ROOT.relativize(p).toString(), () -> {
            Path golden = Path.of(p.toString().replaceAll("\\.jx$", ".out"));
            Jx.Result eager = Files.exists(golden) ? null : Jx.run(p.toString());
            String expected = eager == null ? Files.readString(golden) : eager.out();
            Jx.Result jitted = Jx.runWithEnv("JX_JIT_ALL", "1", p.toString());
            assertEquals(eager == null ? 0 : eager.exit(), jitted.exit(), jitted::toString);
            assertEquals(expected, jitted.out(), jitted::toString);
        }));
    }
}
