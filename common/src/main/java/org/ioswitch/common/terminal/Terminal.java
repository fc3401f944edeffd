package org.ioswitch.common.terminal;

import java.io.Console;

/**
 * The one check every tool makes before it prompts, asks for a confirmation or draws a table in place: is this process
 * attached to a terminal? {@code System.console() != null} answers it before Java 22; Java 22 to 24 return a console
 * even when stdin and stdout are pipes or files (tests, CI, systemd, a script), so {@code Console.isTerminal()} (Java
 * 22+) decides wherever it exists.
 */
public final class Terminal {
    private Terminal() {
    }

    /** The console if stdin and stdout are a terminal, else null. */
    public static Console attached() {
        Console c = System.console();
        if (c == null) {
            return null;
        }
        try {
            // Looked up by name: the code is built for Java 17, which has no isTerminal().
            Object terminal = Console.class.getMethod("isTerminal").invoke(c);
            return Boolean.TRUE.equals(terminal) ? c : null;
        } catch (ReflectiveOperationException e) {
            return c; // before Java 22 a console exists only on a terminal
        }
    }

    /** True if stdin and stdout are a terminal. */
    public static boolean isAttached() {
        return attached() != null;
    }
}
