package org.ioswitch.common.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalMapTest {
    @TempDir
    Path dir;

    static SignalMap gina() throws SignalMapException, URISyntaxException {
        return SignalMap.load(Path.of(SignalMapTest.class.getResource("/signals/gina-signals.json").toURI()));
    }

    private static void expect(BlockMap b, String name, SignalType type, int addr, int n) {
        Signal s = b.signal(name);
        assertEquals(new Signal(name, type, addr, n), new Signal(s.name(), s.type(), s.addr(), s.n()),
                b.name() + "." + name);
    }

    @Test
    void ginaAddressesAreAssignedInJsonOrder() throws Exception {
        SignalMap map = gina();
        assertEquals(List.of("exp", "imp", "conf_exp", "conf_imp"), map.blocks().stream().map(BlockMap::name).toList());

        BlockMap exp = map.block("exp");
        expect(exp, "dip_switch_3", SignalType.BOOLEAN, 0, 1);   // single boolean: value in the state byte, 1 byte
        expect(exp, "dip_switch_4", SignalType.BOOLEAN, 1, 1);   // type inherited from the previous signal
        expect(exp, "touch_sensor", SignalType.BOOLEAN, 2, 1);   // inherited across... still boolean, ends at 3
        expect(exp, "potentiometer", SignalType.USHORT, 3, 1);   // 1 state + 2 = 3 bytes -> 6
        expect(exp, "temperature", SignalType.FLOAT, 6, 1);      // 1 + 4 -> 11
        expect(exp, "counter", SignalType.UINT, 11, 1);          // 1 + 4 -> 16
        expect(exp, "cpu_load", SignalType.UCHAR, 16, 1);        // 1 + 1 -> 18
        expect(exp, "dip_switches", SignalType.BOOLEAN, 18, 10); // 1 + (10+7)/8 = 3 -> 21
        expect(exp, "rec_state", SignalType.CHAR, 21, 1);        // 1 + 1 -> 23
        expect(exp, "status_text", SignalType.STR, 23, 12);      // 1 + 12 -> 36
        expect(exp, "uptime", SignalType.INT64, 36, 1);          // 1 + 8 -> 45
        expect(exp, "errors", SignalType.INT64, 45, 1);          // inherited int64, 1 + 8 -> 54
        assertEquals(54, exp.size());                            // "size": 20 is smaller than 54, so ignored

        BlockMap imp = map.block("imp");
        expect(imp, "servo", SignalType.USHORT, 0, 1);           // no type on the first signal: ushort, -> 3
        expect(imp, "led_builtin", SignalType.BOOLEAN, 3, 1);    // -> 4
        expect(imp, "relay1", SignalType.BOOLEAN, 4, 1);         // -> 5
        expect(imp, "dimmer", SignalType.SHORT, 5, 1);           // -> 8
        expect(imp, "set_pwm", SignalType.USHORT, 8, 4);         // 1 + 4*2 = 9 -> 17
        expect(imp, "setpoint", SignalType.DOUBLE, 17, 1);       // 1 + 8 -> 26
        assertEquals(26, imp.size());                            // max(26, 24)

        BlockMap confExp = map.block("conf_exp");
        expect(confExp, "frd_state", SignalType.CHAR, 0, 1);     // -> 2
        expect(confExp, "frd_buf", SignalType.UCHAR, 2, 64);     // 1 + 64 -> 67
        expect(confExp, "frd_head", SignalType.INT, 67, 1);      // -> 72
        expect(confExp, "frd_tail", SignalType.INT, 72, 1);      // inherited int -> 77
        expect(confExp, "frd_cs", SignalType.USHORT, 77, 1);     // -> 80
        expect(confExp, "tod_state", SignalType.CHAR, 80, 1);    // -> 82
        expect(confExp, "tod_tail", SignalType.INT, 82, 1);      // -> 87
        assertEquals(87, confExp.size());

        BlockMap confImp = map.block("conf_imp");
        expect(confImp, "frd_cmd", SignalType.CHAR, 0, 1);       // -> 2
        expect(confImp, "frd_select", SignalType.CHAR, 2, 1);    // -> 4
        expect(confImp, "frd_tail", SignalType.INT, 4, 1);       // -> 9
        expect(confImp, "tod_cmd", SignalType.CHAR, 12, 1);      // explicit "addr": 12 leaves 9..11 free, -> 14
        expect(confImp, "tod_select", SignalType.CHAR, 14, 1);   // -> 16
        expect(confImp, "tod_buf", SignalType.UCHAR, 16, 64);    // -> 81
        expect(confImp, "tod_head", SignalType.INT, 81, 1);      // -> 86
        expect(confImp, "tod_cs", SignalType.USHORT, 86, 1);     // -> 89
        expect(confImp, "flags", SignalType.LONG, 89, 1);        // -> 98
        expect(confImp, "ratio", SignalType.FLOAT, 98, 3);       // 1 + 3*4 = 13 -> 111
        assertEquals(128, confImp.size());                       // explicit "size": 128 is bigger than 111
        assertEquals(35, map.blocks().stream().mapToInt(b -> b.signals().size()).sum());
    }

    @Test
    void minMaxAndResetAreReadAndWrittenBack() throws Exception {
        SignalMap map = SignalMap.parse("{\"mblk\":[{\"name\":\"imp\",\"reset\":true,\"groups\":[{\"name\":\"o\","
                + "\"signals\":[{\"name\":\"sp\",\"type\":\"float\",\"min\":5,\"max\":35.5,\"reset\":true},"
                + "{\"name\":\"led\",\"type\":\"boolean\"}]}]}]}", "m.json");
        Signal sp = map.block("imp").signal("sp");
        assertEquals(5.0, sp.min());
        assertEquals(35.5, sp.max());
        assertTrue(sp.reset());
        assertEquals(null, map.block("imp").signal("led").min());
        assertTrue(map.block("imp").reset());
        assertEquals(map, SignalMap.parse(map.toJson(), "again"));
        // The gina map's potentiometer says 0..4095 (iocom keeps such bounds in signals.json too).
        assertEquals(4095.0, gina().block("exp").signal("potentiometer").max());
    }

    @Test
    void badMinMaxOrResetIsAnErrorNamingTheSignal() {
        SignalMapException e = org.junit.jupiter.api.Assertions.assertThrows(SignalMapException.class,
                () -> SignalMap.parse(oneSignal("{\"name\":\"a\",\"type\":\"int\",\"min\":9,\"max\":1}"), "m.json"));
        assertTrue(e.getMessage().contains("signal \"a\"") && e.getMessage().contains("\"min\" 9.0 is above \"max\" 1.0"),
                e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(SignalMapException.class,
                () -> SignalMap.parse(oneSignal("{\"name\":\"a\",\"type\":\"int\",\"reset\":\"yes\"}"), "m.json"));
        assertTrue(e.getMessage().contains("\"reset\" expected true or false"), e.getMessage());
    }

    @Test
    void serializedMapReadsBackEqual() throws Exception {
        SignalMap map = gina();
        String json = map.toJson();
        assertEquals(map, SignalMap.parse(json, "info block of gina3.pekkahome"));
        assertTrue(json.contains("{\"name\":\"tod_cmd\",\"type\":\"char\",\"addr\":12}"), json);
        assertTrue(json.contains("\"size\":128"), json);
        assertTrue(!json.contains("\"size\":20"), json);
    }

    private SignalMapException refuse(String json) throws Exception {
        Path file = dir.resolve("bad-signals.json");
        Files.writeString(file, json);
        return assertThrows(SignalMapException.class, () -> SignalMap.load(file));
    }

    private static String oneSignal(String signal) {
        return "{\"mblk\":[{\"name\":\"exp\",\"groups\":[{\"name\":\"g\",\"signals\":[" + signal + "]}]}]}";
    }

    @Test
    void errorsNameFileBlockSignalAndWhatWasExpected() throws Exception {
        assertEquals("bad-signals.json: mblk \"exp\" signal \"x\": unknown type \"uint33\", expected one of boolean, "
                        + "char, uchar, short, ushort, int, uint, int64, long, float, double, str",
                refuse(oneSignal("{\"name\":\"x\",\"type\":\"uint33\"}")).getMessage());
        assertEquals("bad-signals.json: mblk \"exp\" signal \"x\": \"addr\" expected an integer 0..1048576, got -1",
                refuse(oneSignal("{\"name\":\"x\",\"addr\":-1}")).getMessage());
        assertEquals("bad-signals.json: mblk \"exp\" signal \"x\": \"array\" expected an integer 1..1048576, got \"3\"",
                refuse(oneSignal("{\"name\":\"x\",\"array\":\"3\"}")).getMessage());
        assertEquals("bad-signals.json: mblk \"exp\" group \"g\" signal[0]: \"name\" is missing, expected a string",
                refuse(oneSignal("{\"type\":\"int\"}")).getMessage());
        assertEquals("bad-signals.json: mblk \"exp\" signal \"b\": addr 2 overlaps signal \"a\" at 0..4",
                refuse(oneSignal("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"addr\":2}")).getMessage());
        assertEquals("bad-signals.json: mblk \"exp\" signal \"a\": duplicate signal name",
                refuse(oneSignal("{\"name\":\"a\"},{\"name\":\"a\"}")).getMessage());
        assertEquals("bad-signals.json: \"mblk\" is missing, expected an array", refuse("{}").getMessage());
        assertTrue(refuse("{\"mblk\": [").getMessage().startsWith("bad-signals.json: not valid JSON"));
        SignalMapException missing = assertThrows(SignalMapException.class,
                () -> SignalMap.load(dir.resolve("nope.json")));
        assertTrue(missing.getMessage().contains("nope.json: cannot read"), missing.getMessage());
    }

    @Test
    void validMapWithExplicitAddrIsAccepted() throws Exception {
        Path file = dir.resolve("ok.json");
        Files.writeString(file, oneSignal("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"addr\":5}"));
        BlockMap exp = SignalMap.load(file).block("exp");
        assertEquals(new Signal("b", SignalType.INT, 5, 1), exp.signal("b"));
        assertEquals(24, exp.size());
        assertNull(exp.signal("c"));
    }
}
