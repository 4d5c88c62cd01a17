package jx.array.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden files the oracle scripts write (tests/oracle/gen_print_goldens.py,
 * gen_complex_goldens.py): a record per line, tab-separated fields with \n, \t and \\ escaped,
 * blank and # lines skipped.
 */
final class GoldenRecords {
    private GoldenRecords() {}

    static List<String[]> read(String resource) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = GoldenRecords.class.getResourceAsStream(resource);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                for (int i = 0; i < f.length; i++) {
                    f[i] = unescape(f[i]);
                }
                out.add(f);
            }
        }
        return out;
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
