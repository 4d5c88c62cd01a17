package jx.diag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;


/**
 * A program file read as UTF-8. A byte that is not UTF-8 is a syntax error at its line, worded as
 * Python 3.11 words it, never a decoder's "Input length = 1".
 */
public final class SourceFile {
    private SourceFile() {
    }

    public static Source read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new JxException(JxException.Kind.USAGE, "jx: can't open file '" + file + "': No such file or directory");
        } catch (IOException e) {
            throw new JxException(JxException.Kind.USAGE, "jx: can't read '" + file + "': " + e.getMessage());
        }
        int skip = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
            return Source.of(file.toString(), text);
        } catch (CharacterCodingException e) {
            throw notUtf8(file, bytes, skip);
        }
    }

    private static JxException notUtf8(Path file, byte[] bytes, int from) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // The first line that does not decode holds the bad byte; a newline never sits inside a UTF-8 sequence.
        int line = 1;
        int lineStart = from;
        for (int i = from; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    decoder.reset().decode(ByteBuffer.wrap(bytes, lineStart, i - lineStart));
                } catch (CharacterCodingException bad) {
                    break;
                }
                line++;
                lineStart = i + 1;
            }
        }
        int bad = lineStart;
        while (bad < bytes.length && (bytes[bad] & 0x80) == 0) {
            bad++;
        }
        String lineText = new String(bytes, lineStart, Math.min(bytes.length, lineEnd(bytes, lineStart)) - lineStart,
                StandardCharsets.UTF_8);
        Source shown = Source.of(file.toString(), "\n".repeat(line - 1) + lineText);
        int col = new String(bytes, lineStart, Math.max(0, bad - lineStart), StandardCharsets.UTF_8).length();
        String code = String.format("\\x%02x", bytes[Math.min(bad, bytes.length - 1)] & 0xff);
        Diagnostic d = new Diagnostic(shown, line, col, 1, "Non-UTF-8 code starting with '" + code + "' in file " + file
                + " on line " + line + ", but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                "jx reads programs as UTF-8: re-save the file as UTF-8 (iconv -f latin1 -t utf-8)");
        return new JxException(JxException.Kind.SYNTAX, d.render("syntax error").stripTrailing());
    }

    private static int lineEnd(byte[] bytes, int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != '\n') {
            i++;
        }
        return i;
    }
}
