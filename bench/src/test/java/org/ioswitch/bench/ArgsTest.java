package org.ioswitch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void givenOptionsAreReadAndMissingOnesTakeTheirDefault() throws Exception {
        Args a = new Args("relay", new String[] {"relay", "--seconds", "5", "--java", "/opt/java"}, 1);
        assertEquals(5, a.integer("seconds", 3, 1));
        assertEquals(3, a.integer("rounds", 3, 1));
        assertEquals("/opt/java", a.string("java", "java"));
        a.checkAllUsed();
    }

    @Test
    void anUnknownOptionIsRefusedByName() throws Exception {
        Args a = new Args("snapshots", new String[] {"snapshots", "--secnds", "5"}, 1);
        a.integer("seconds", 3, 1);
        Args.UsageException e = assertThrows(Args.UsageException.class, a::checkAllUsed);
        assertTrue(e.getMessage().contains("--secnds") && e.getMessage().contains("--seconds"), e.getMessage());
    }

    @Test
    void aBadNumberNamesTheOptionAndTheValue() throws Exception {
        Args a = new Args("block-bulk", new String[] {"block-bulk", "--rounds", "many"}, 1);
        Args.UsageException e = assertThrows(Args.UsageException.class, () -> a.integer("rounds", 5, 1));
        assertTrue(e.getMessage().contains("--rounds") && e.getMessage().contains("many"), e.getMessage());
        Args b = new Args("block-bulk", new String[] {"block-bulk", "--rounds", "0"}, 1);
        Args.UsageException low = assertThrows(Args.UsageException.class, () -> b.integer("rounds", 5, 1));
        assertTrue(low.getMessage().contains(">= 1") && low.getMessage().contains("0"), low.getMessage());
    }

    @Test
    void anOptionWithoutItsValueIsRefused() {
        Args.UsageException e = assertThrows(Args.UsageException.class,
                () -> new Args("relay", new String[] {"relay", "--seconds"}, 1));
        assertTrue(e.getMessage().contains("--seconds"), e.getMessage());
    }
}
