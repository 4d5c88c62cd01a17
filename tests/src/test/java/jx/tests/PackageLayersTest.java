package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages of every module form layers: each may use only the packages below it, so the
 * pipeline reads one way (text to values) and no package cycle can form. The scan reads the main
 * sources' imports and qualified names (jx.eval.Interp, ...), as the compiler would resolve them.
 */
class PackageLayersTest {
    /** Bottom to top. A package may depend on packages of lower layers only. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("jx.grammar"),
            List.of("jx.diag"),
            List.of("jx.syntax"),
            List.of("jx.core"),
            List.of("jx.array"),
            List.of("jx.array.format", "jx.array.cpu"),
            List.of("jx.prim"),
            List.of("jx.eval"),
            List.of("jx.ad"),
            List.of("jx.batch"),
            List.of("jx.jit"),
            List.of("jx.check"),
            List.of("jx.run"),
            List.of("jx.stdlib", "jx.gpu"),
            List.of("jx.cli"));

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(jx(?:\\.[a-z]\\w*)+)\\.[A-Z]");

    static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/")).toList();
        }
        for (Path f : files) {
            String text = Files.readString(f);
            Matcher pm = PACKAGE.matcher(text);
            if (!pm.find()) {
                continue;
            }
            String pkg = pm.group(1);
            Set<String> used = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher rm = REFERENCE.matcher(text.replaceAll("(?s)/\\*.*?\\*/|//[^\n]*", ""));
            while (rm.find()) {
                if (!rm.group(1).equals(pkg)) {
                    used.add(rm.group(1));
                }
            }
        }
        return deps;
    }

    private static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.size() >= 12, "the scan found the sources: " + deps.keySet());
        List<String> wrong = new ArrayList<>();
        for (var e : deps.entrySet()) {
            int from = layerOf(e.getKey());
            if (from < 0) {
                wrong.add(e.getKey() + " has no layer: add it to LAYERS");
                continue;
            }
            for (String to : e.getValue()) {
                int at = layerOf(to);
                if (at < 0 || at >= from) {
                    wrong.add(e.getKey() + " -> " + to);
                }
            }
        }
        assertEquals(List.of(), wrong, "dependencies that point up or sideways");
    }

    @Test
    void theScanSeesAnUpwardReference() {
        // The check itself must be able to fail: a reference the layers forbid is caught.
        Matcher m = REFERENCE.matcher("x = jx.run.Session.of(y);");
        assertTrue(m.find());
        assertEquals("jx.run", m.group(1));
        assertTrue(layerOf("jx.run") > layerOf("jx.eval"));
    }
}
