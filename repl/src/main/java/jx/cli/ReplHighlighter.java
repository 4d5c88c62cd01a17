package jx.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Colours keywords, numbers, strings, comments and REPL commands (a lexer-free approximation). */
final class ReplHighlighter implements Highlighter {
    private static final Pattern TOKEN = Pattern.compile(
            "(?<command>^:[a-z]+)"
            + "|(?<comment>#[^\\n]*)"
            + "|(?<string>[fFrRbB]{0,2}(?:\"\"\"[\\s\\S]*?(?:\"\"\"|$)|'''[\\s\\S]*?(?:'''|$)"
            + "|\"(?:[^\"\\\\\\n]|\\\\.)*(?:\"|$)|'(?:[^'\\\\\\n]|\\\\.)*(?:'|$)))"
            + "|(?<keyword>\\b(?:def|return|if|elif|else|for|while|in|not|and|or|is|lambda|pass|assert"
            + "|import|from|as|break|continue|None|True|False)\\b)"
            + "|(?<number>\\b(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|(?:\\d[\\d_]*\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?j?)\\b\\.?)"
            + "|(?<name>[A-Za-z_]\\w*)",
            Pattern.MULTILINE);

    private static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
    private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT);
    private static final AttributedStyle COMMAND = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder(buffer.length() + 32);
        Matcher m = TOKEN.matcher(buffer);
        int last = 0;
        while (m.find()) {
            sb.append(buffer, last, m.start());
            AttributedStyle style = m.group("command") != null ? COMMAND
                    : m.group("comment") != null ? COMMENT
                    : m.group("string") != null ? STRING
                    : m.group("keyword") != null ? KEYWORD
                    : m.group("number") != null ? NUMBER
                    : AttributedStyle.DEFAULT;
            sb.styled(style, m.group());
            last = m.end();
        }
        sb.append(buffer, last, buffer.length());
        return sb.toAttributedString();
    }
}
