package org.ioswitch.common.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordInputTest {
    @TempDir
    Path dir;
    private final StringWriter err = new StringWriter();
    private final PrintWriter errWriter = new PrintWriter(err, true);

    private static PasswordInput.Sources sources(String given, Path file) {
        return new PasswordInput.Sources("--password", given, "--password-file", file, PasswordInput.ENV,
                "password of pekka");
    }

    @Test
    void aPasswordOnTheCommandLineWorksButWarns() throws Exception {
        char[] pw = new PasswordInput(Map.of(), () -> null).read(sources("s3cret", null), errWriter);
        assertArrayEquals("s3cret".toCharArray(), pw);
        assertTrue(err.toString().startsWith("warning: --password on the command line can be read by every user"),
                err.toString());
        assertTrue(!err.toString().contains("s3cret"), "the warning must not repeat the password");
    }

    @Test
    void fileThenEnvironmentAndNoWarning() throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "from-file\nignored\n");
        PasswordInput input = new PasswordInput(Map.of(PasswordInput.ENV, "from-env"), () -> null);
        assertArrayEquals("from-file".toCharArray(), input.read(sources(null, f), errWriter));
        assertArrayEquals("from-env".toCharArray(), input.read(sources(null, null), errWriter));
        assertEquals("", err.toString());
    }

    @Test
    void noSourceWithoutATerminalGivesNullAndTheHintNamesTheWays() throws Exception {
        assertNull(new PasswordInput(Map.of(), () -> null).read(sources(null, null), errWriter));
        String hint = PasswordInput.missing(sources(null, null));
        assertTrue(hint.contains("--password-file FILE") && hint.contains(PasswordInput.ENV), hint);
    }

    @Test
    void badSourcesAreNamed() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "");
        PasswordInput input = new PasswordInput(Map.of(PasswordInput.ENV, ""), () -> null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> input.read(sources(null, empty), errWriter))
                .getMessage().contains("the first line (the password) is empty"));
        assertEquals("environment variable IOSWITCH_PASSWORD is empty", assertThrows(IllegalArgumentException.class,
                () -> input.read(sources(null, null), errWriter)).getMessage());
        assertEquals("give --password or --password-file, not both", assertThrows(IllegalArgumentException.class,
                () -> input.read(sources("a", empty), errWriter)).getMessage());
    }
}
