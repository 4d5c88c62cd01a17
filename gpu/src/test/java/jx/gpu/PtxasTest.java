package jx.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assembles every kernel the backend can generate with ptxas for sm_90 — the check that catches
 * PTX mistakes on machines without a GPU. The entries go into one file (ptxas starts once), and a
 * failure names the kernel around ptxas's own error line.
 */
class PtxasTest {
    private static final Pattern LINE = Pattern.compile(", line (\\d+);");

    private static Optional<Path> ptxas() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "ptxas");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Test
    void everyKernelNameIsUnique() {
        Set<String> names = new HashSet<>();
        for (KernelKey key : Kernels.all()) {
            assertTrue(names.add(PtxGen.name(key)), "two kernels named " + PtxGen.name(key));
        }
    }

    @Test
    void ptxasAssemblesEveryKernel(@TempDir Path dir) throws IOException, InterruptedException {
        Optional<Path> ptxas = ptxas();
        Assumptions.assumeTrue(ptxas.isPresent(), "ptxas is not on PATH: generated PTX not assembled");
        List<String> names = new ArrayList<>();
        List<Integer> firstLines = new ArrayList<>();
        StringBuilder text = new StringBuilder(Ptx.HEADER);
        int line = (int) Ptx.HEADER.lines().count() + 1;
        for (KernelKey key : Kernels.all()) {
            String entry = PtxGen.kernel(key).entry();
            names.add(PtxGen.name(key));
            firstLines.add(line);
            text.append(entry).append('\n');
            line += (int) entry.lines().count() + 1;
        }
        Path file = dir.resolve("all.ptx");
        Files.writeString(file, text);
        Process p = new ProcessBuilder(ptxas.get().toString(), "-arch=sm_90", "-o", dir.resolve("all.cubin").toString(),
                file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            String first = output.lines().filter(l -> l.contains("error")).findFirst().orElse(output);
            Matcher m = LINE.matcher(first);
            String where = "";
            if (m.find()) {
                int errorLine = Integer.parseInt(m.group(1));
                for (int i = names.size() - 1; i >= 0; i--) {
                    if (firstLines.get(i) <= errorLine) {
                        where = " in kernel " + names.get(i) + " (its line " + (errorLine - firstLines.get(i) + 1) + ")";
                        break;
                    }
                }
            }
            fail(first + where);
        }
        assertEquals(0, exit);
    }
}
