package org.ioswitch.common.terminal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Tests run with stdin and stdout on pipes, never on a terminal. On Java 22 and newer {@link System#console()} is not
 * null there, so this fails with the old {@code System.console() != null} check (CI runs it on Java 25).
 */
class TerminalTest {
    @Test
    void aProcessOnPipesHasNoTerminal() {
        assertNull(Terminal.attached(), "System.console() is " + System.console());
        assertFalse(Terminal.isAttached());
    }
}
