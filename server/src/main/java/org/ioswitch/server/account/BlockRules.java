package org.ioswitch.server.account;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which blocks an account may read and write, mosquitto-ACL style. Each pattern is {@code DEVICE.BLOCK}, split at its
 * last dot: {@code DEVICE} is matched against the device's name within the network ({@code gina3} of
 * {@code gina3.pekkahome}), {@code BLOCK} against the block name; {@code *} matches any run of characters, {@code ?}
 * one, and {@code %u} stands for the account's own name (so a device's rules can say "my own blocks").
 * Networks never appear in a pattern: an account only ever sees its own network.
 *
 * @param read patterns of blocks the account may read (subscribe to, list)
 * @param write patterns of blocks the account may write (publish to, or command)
 */
public record BlockRules(List<String> read, List<String> write) {
    /** Declared first: the default rules below are checked against it while the class initializes. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_\\-*?%]+\\.[A-Za-z0-9_\\-*?]+");

    /** What a device may do unless told otherwise: publish its own up blocks, receive its own down blocks. */
    public static final BlockRules DEVICE_DEFAULT =
            new BlockRules(List.of("%u.imp", "%u.conf"), List.of("%u.exp", "%u.info", "%u.conf"));
    /** What a user may do unless told otherwise: read everything, command the devices' {@code imp} blocks. */
    public static final BlockRules USER_DEFAULT = new BlockRules(List.of("*.*"), List.of("*.imp"));
    /** What an administrator may do: everything in its network. */
    public static final BlockRules ADMIN_DEFAULT = new BlockRules(List.of("*.*"), List.of("*.*"));

    /** Checks each pattern and copies the lists. */
    public BlockRules {
        read = List.copyOf(read);
        write = List.copyOf(write);
        check("read", read);
        check("write", write);
    }

    /** The default rules for a kind of account. */
    public static BlockRules defaultsFor(AccountKind kind) {
        return switch (Objects.requireNonNull(kind, "kind")) {
            case DEVICE -> DEVICE_DEFAULT;
            case USER -> USER_DEFAULT;
            case ADMIN -> ADMIN_DEFAULT;
        };
    }

    /** True if {@code account} may read block {@code block} of the device named {@code device} (no network). */
    public boolean mayRead(String account, String device, String block) {
        return matchesAny(read, account, device, block);
    }

    /** True if {@code account} may write block {@code block} of the device named {@code device} (no network). */
    public boolean mayWrite(String account, String device, String block) {
        return matchesAny(write, account, device, block);
    }

    /**
     * True if {@code account} sees the device named {@code device} in listings: it may read one of its {@code blocks},
     * or, for a device that has announced none (not connected since the server started), its {@code info}.
     */
    public boolean maySee(String account, String device, java.util.Collection<String> blocks) {
        if (blocks.isEmpty()) {
            return mayRead(account, device, "info");
        }
        return blocks.stream().anyMatch(b -> mayRead(account, device, b));
    }

    private static boolean matchesAny(List<String> patterns, String account, String device, String block) {
        for (String p : patterns) {
            int dot = p.lastIndexOf('.');
            String devicePart = p.substring(0, dot).replace("%u", account);
            if (glob(devicePart, device) && glob(p.substring(dot + 1), block)) {
                return true;
            }
        }
        return false;
    }

    /** Glob match with {@code *} and {@code ?}; iterative, so a hostile pattern cannot blow the stack. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static void check(String field, List<String> patterns) {
        for (String p : patterns) {
            if (p == null || !VALID.matcher(p).matches()) {
                throw new IllegalArgumentException(field + ": pattern \"" + p
                        + "\" is not DEVICE.BLOCK (letters, digits, _ - * ?, %u in DEVICE)");
            }
        }
    }
}
