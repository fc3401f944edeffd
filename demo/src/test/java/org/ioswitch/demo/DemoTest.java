package org.ioswitch.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's main command, run as a user runs it: every step must work, every hop must be verified TLS. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoRunsEveryStepAndReportsVerifiedHops() throws Exception {
        StringWriter text = new StringWriter();
        int code = new CommandLine(new DemoCommand()).setOut(new PrintWriter(text, true))
                .execute("--seconds", "4", "--dir", dir.toString());
        String out = text.toString();
        assertEquals(0, code, out);
        for (String step : new String[] {"[1/7] organizations", "[2/7] switchbox", "[3/7] home server",
                "[4/7] device pairs", "[5/7] remote operator", "[6/7] led", "[7/7] setpoint out of range"}) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(step) && l.contains(" ok ")), step + " in\n" + out);
        }
        assertTrue(out.matches("(?s).*pairing code \\d{3}-\\d{3}.*"), out);
        long verifiedHops = out.lines().filter(l -> l.contains("->") || l.contains("uplink tunnel"))
                .filter(l -> l.contains("TLSv1.3") && l.contains(" VERIFIED ")).count();
        assertEquals(5, verifiedHops, "device to switchbox, device end to end, uplink, operator to switchbox, "
                + "operator end to end:\n" + out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("[4/7] device pairs") && l.contains("through the switchbox")),
                out);
        assertTrue(out.contains("exp.led_state=true"), out);
        assertTrue(out.matches("(?s).*operator set imp\\.led true: applied \\(version \\d+\\) by the device.*"),
                "the device's confirmation:\n" + out);
        assertTrue(out.contains("operator set imp.setpoint 40: rejected: setpoint 40.0 outside 5..35"),
                "the device's refusal:\n" + out);
        assertTrue(out.contains("demo ok"), out);
        assertTrue(out.matches("(?s).*web console https://127\\.0\\.0\\.1:\\d+/ while the demo runs: log in as admin / "
                + "\\S+ .*"), "the console's address and a login to try:\n" + out);
        assertTrue(Files.size(dir.resolve("demo.log")) > 0, "the log went to the demo directory");
    }

    @Test
    void badArgumentIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new DemoCommand()).setErr(new PrintWriter(err, true)).execute("--seconds", "-1");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--seconds must be >= 0"), err.toString());
    }
}
