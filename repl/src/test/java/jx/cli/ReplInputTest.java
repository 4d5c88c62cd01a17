package jx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;

import org.junit.jupiter.api.Test;

import jx.run.Session.Completeness;

class ReplInputTest {
    /** A stand-in for Session.completeness: open brackets or a trailing ':' need more. */
    static final Function<String, Completeness> BRACKETS = text -> {
        int depth = ReplInput.scan(text.replace('\n', ' ')).depth();
        if (text.strip().equals(")")) {
            return Completeness.INVALID;
        }
        return depth > 0 || text.strip().endsWith(":") ? Completeness.INCOMPLETE : Completeness.COMPLETE;
    };

    @Test
    void simpleStatementsRunAtOnce() {
        assertTrue(ReplInput.isFinished("1 + 2", BRACKETS));
        assertTrue(ReplInput.isFinished("x = jnp.ones(3)", BRACKETS));
        assertTrue(ReplInput.isFinished("", BRACKETS));
        assertTrue(ReplInput.isFinished(":help", BRACKETS));
    }

    @Test
    void openBracketsContinueAndRunWhenClosed() {
        assertFalse(ReplInput.isFinished("x = (1,", BRACKETS));
        assertTrue(ReplInput.isFinished("x = (1,\n2)", BRACKETS));
        assertFalse(ReplInput.isFinished("d = {\"a\":", BRACKETS));
        assertTrue(ReplInput.isFinished("d = {\"a\":\n1}", BRACKETS));
    }

    @Test
    void blocksEndOnAnEmptyLine() {
        assertFalse(ReplInput.isFinished("def f(x):", BRACKETS));
        assertFalse(ReplInput.isFinished("def f(x):\n    return x * 2", BRACKETS));
        assertTrue(ReplInput.isFinished("def f(x):\n    return x * 2\n", BRACKETS));
        assertTrue(ReplInput.isFinished("def f(x):\n    return x * 2\n   ", BRACKETS));
        assertFalse(ReplInput.isFinished("@jax.jit", BRACKETS));
        assertFalse(ReplInput.isFinished("def f(a,\n      b):\n    return a", BRACKETS));
        assertFalse(ReplInput.isFinished("for i in range(3):  # loop", BRACKETS));
    }

    @Test
    void invalidInputRunsAtOnceToShowTheError() {
        assertTrue(ReplInput.isFinished(")", BRACKETS));
    }

    @Test
    void brokenCompletenessFallsBackToRunning() {
        assertTrue(ReplInput.isFinished("1 +", text -> {
            throw new UnsupportedOperationException();
        }));
    }

    @Test
    void blockStartIgnoresColonsInStringsCommentsAndBrackets() {
        assertTrue(ReplInput.isBlockStart("if x > 0:"));
        assertTrue(ReplInput.isBlockStart("while i < n:   # comment"));
        assertFalse(ReplInput.isBlockStart("x = \"a:\""));
        assertFalse(ReplInput.isBlockStart("x = 1  # note:"));
        assertFalse(ReplInput.isBlockStart("x = xs[1:"));
        assertFalse(ReplInput.isBlockStart("ifx = 1"));
        assertEquals(new ReplInput.Scan("x = f('#', ", 1), ReplInput.scan("x = f('#', # c"));
    }

    @Test
    void sourceDropsTheTrailingEmptyLines() {
        assertEquals("def f(x):\n    return x", ReplInput.source("def f(x):\n    return x\n\n"));
    }

    @Test
    void completionWordIsTheDottedNameBeforeTheCursor() {
        assertEquals(6, ReplParser.wordStart("print(jnp.su", 12));
        assertEquals(0, ReplParser.wordStart(":lo", 3));
        assertEquals(4, ReplParser.wordStart("x = ", 4));
    }
}
