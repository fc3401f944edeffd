package org.ioswitch.server.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockRulesTest {

    @Test
    void patternsMatchDeviceAndBlockWithWildcards() {
        BlockRules r = new BlockRules(List.of("*.exp", "*.info", "gina?.conf"), List.of("gina*.imp"));
        assertTrue(r.mayRead("alice", "gina3", "exp"));
        assertTrue(r.mayRead("alice", "pump", "info"));
        assertTrue(r.mayRead("alice", "gina3", "conf"));
        assertTrue(r.mayWrite("alice", "gina12", "imp"));
    }

    @Test
    void blocksOutsideThePatternsAreRefused() {
        BlockRules r = new BlockRules(List.of("*.exp"), List.of("gina*.imp"));
        assertFalse(r.mayRead("alice", "gina3", "imp"));
        assertFalse(r.mayRead("alice", "gina3", "exp2"));
        assertFalse(r.mayWrite("alice", "pump", "imp"));
        assertFalse(r.mayWrite("alice", "gina3", "exp"));
        assertFalse(new BlockRules(List.of(), List.of()).mayRead("alice", "gina3", "exp"));
    }

    @Test
    void percentUStandsForTheAccountItself() {
        BlockRules d = BlockRules.DEVICE_DEFAULT;
        assertTrue(d.mayWrite("gina3", "gina3", "exp"));
        assertTrue(d.mayRead("gina3", "gina3", "imp"));
        assertFalse(d.mayWrite("gina3", "gina4", "exp"), "a device must not publish another device's blocks");
        assertFalse(d.mayRead("gina3", "gina4", "imp"));
        assertFalse(d.mayWrite("gina3", "gina3", "imp"), "a device does not write its own imp");
    }

    @Test
    void defaultsPerKind() {
        assertTrue(BlockRules.USER_DEFAULT.mayWrite("bob", "gina3", "imp"));
        assertFalse(BlockRules.USER_DEFAULT.mayWrite("bob", "gina3", "exp"));
        assertTrue(BlockRules.ADMIN_DEFAULT.mayWrite("root", "gina3", "conf"));
    }

    @Test
    void malformedPatternIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BlockRules(List.of("exp"), List.of()));
        assertTrue(e.getMessage().contains("read: pattern \"exp\" is not DEVICE.BLOCK"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BlockRules(List.of(), List.of("a.b.c")));
        assertTrue(e.getMessage().startsWith("write: pattern \"a.b.c\""), e.getMessage());
    }

    @Test
    void globHandlesBacktrackingAndEdges() {
        assertTrue(BlockRules.glob("*", ""));
        assertTrue(BlockRules.glob("a*b*c", "aXXbYYbc"));
        assertFalse(BlockRules.glob("a*b*c", "aXXbYY"));
        assertFalse(BlockRules.glob("?", ""));
        assertTrue(BlockRules.glob("**?", "x"));
    }
}
