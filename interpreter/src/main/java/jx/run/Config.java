package jx.run;

import java.io.PrintStream;
import java.util.List;

/** How a session runs: which device ("cpu", "cuda", "auto"), 64-bit types, script arguments, output. */
public record Config(String device, boolean x64, List<String> argv, PrintStream out) {
    public static Config defaults() {
        return new Config("auto", false, List.of(), System.out);
    }
}
