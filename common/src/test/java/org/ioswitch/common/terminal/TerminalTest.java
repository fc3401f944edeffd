package org.ioswitch.common.terminal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Tests run with stdin and stdout on pipes, never on a terminal. On Java 22 to 24 {@link System#console()} is not null
 * there (a JLine console), so this fails with a bare {@code System.console() != null} check; Java 17 and 25 (where CI
 * runs) return null themselves, so there it guards the check against answering "terminal" for pipes at all.
 */
class TerminalTest {
    @Test
    void aProcessOnPipesHasNoTerminal() {
        assertNull(Terminal.attached(), "System.console() is " + System.console());
        assertFalse(Terminal.isAttached());
    }
}
