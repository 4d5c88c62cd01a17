package jx.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The in-repository fuzz test (see bench/fuzz/README.md): at least 5,000 seeded mutants of the
 * repository's programs, none of which may end in an internal error, a Java name, an error without
 * a location, or a hang. -Djx.fuzz.programs=N and -Djx.fuzz.seed=S run more or other programs.
 */
class FuzzTest {
    @Test
    void mutantsOfTheRepositorysProgramsGetOnlyClearErrors() throws Exception {
        Path root = Path.of(System.getProperty("jx.root", "..")).toAbsolutePath().normalize();
        int programs = Integer.getInteger("jx.fuzz.programs", 5000);
        long seed = Long.getLong("jx.fuzz.seed", 18L);
        List<String> corpus = Fuzz.corpus(root);
        assertTrue(corpus.size() > 100, "the corpus is the repository's programs: " + corpus.size());
        Fuzz.Report r = new Fuzz(corpus, Long.getLong("jx.fuzz.budget.ms", 1000L)).run(seed, programs);
        StringBuilder summary = new StringBuilder(String.format("fuzz: %d programs (seed %d) in %.1f s, %.0f programs/s: %s%n",
                r.programs(), seed, r.seconds(), r.perSecond(), r.outcomes()));
        Path out = Path.of("target", "fuzz");
        Files.createDirectories(out);
        int k = 0;
        for (Fuzz.Defect d : r.defects()) {
            summary.append("  ").append(d.kind()).append(" (program ").append(d.seed()).append("): ")
                    .append(d.detail().lines().findFirst().orElse("")).append('\n');
            if (k < 50) {
                Files.writeString(out.resolve("defect-" + k++ + ".jx"), "# " + d.kind() + ": "
                        + d.detail().replace("\n", "\n# ") + "\n" + d.program(), StandardCharsets.UTF_8);
            }
        }
        Files.writeString(out.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
        System.err.print(summary);
        assertTrue(r.defects().isEmpty(), summary::toString);
    }
}
