package jx.adprop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The property-based test of reverse mode (issue 11): a fixed range of generated programs
 * (ProgramGenerator), each derivative checked against float64 finite differences (AdCheck). None
 * may be wrong or end in an internal error, and fewer than 2 % may be rejected or set aside as not
 * smooth. -Djx.adprop.programs=N and -Djx.adprop.seed=S run more or others (bench/ad/adprop.sh).
 */
class AdPropertyTest {
    @Test
    void generatedProgramsHaveTheDerivativesOfTheirFiniteDifferences() throws Exception {
        int n = Integer.getInteger("jx.adprop.programs", 2000);
        long seed = Long.getLong("jx.adprop.seed", 1L);
        AdCheck.Report r = AdCheck.run(seed, n);
        long wrong = r.count(AdCheck.Outcome.WRONG);
        long internal = r.count(AdCheck.Outcome.INTERNAL);
        long set = r.count(AdCheck.Outcome.REJECTED) + r.count(AdCheck.Outcome.NOT_SMOOTH) + r.count(AdCheck.Outcome.NOT_FINITE);
        StringBuilder summary = new StringBuilder(String.format(
                "adprop: %d programs from seed %d in %.1f s: %d right, %d wrong, %d internal errors, %d rejected, %d not smooth, "
                + "%d not finite (%.2f %% set aside)%n", n, seed, r.seconds(), r.count(AdCheck.Outcome.RIGHT), wrong, internal,
                r.count(AdCheck.Outcome.REJECTED), r.count(AdCheck.Outcome.NOT_SMOOTH), r.count(AdCheck.Outcome.NOT_FINITE),
                100.0 * set / n));
        for (Map.Entry<String, Integer> e : r.reasons().entrySet()) {
            summary.append("  ").append(e.getValue()).append(" x ").append(e.getKey()).append('\n');
        }
        Path out = Path.of("target", "adprop");
        Files.createDirectories(out);
        int k = 0;
        for (AdCheck.Result res : r.results()) {
            if (res.outcome() == AdCheck.Outcome.WRONG || res.outcome() == AdCheck.Outcome.INTERNAL
                    || res.outcome() == AdCheck.Outcome.REJECTED) {
                summary.append("  ").append(res.outcome()).append(" (program ").append(res.seed()).append("): ")
                        .append(res.detail()).append('\n');
                if (k < 50) {
                    Files.writeString(out.resolve(res.outcome().name().toLowerCase() + "-" + res.seed() + ".jx"),
                            "# " + res.detail() + "\n" + res.program(), StandardCharsets.UTF_8);
                    k++;
                }
            }
        }
        Files.writeString(out.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
        System.err.print(summary);
        assertTrue(wrong == 0 && internal == 0, summary::toString);
        assertTrue(set * 50 < n, summary::toString);
    }
}
