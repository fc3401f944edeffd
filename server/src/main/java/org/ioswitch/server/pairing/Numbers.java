package org.ioswitch.server.pairing;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountStore;

/**
 * Device numbers: the same secret gets its old name back; a fixed name is kept unless another device holds it; a
 * wildcard name gets one more than the highest number of that name ever given in the network (paired devices and
 * accounts), so a number is never handed to a second device.
 */
final class Numbers {
    private Numbers() {
    }

    static String assign(PendingDevice p, List<KnownDevice> known, AccountStore accounts) throws PairingException {
        for (KnownDevice k : known) {
            if (k.network().equals(p.network()) && k.secretId().equals(p.secretId())) {
                return k.name();
            }
        }
        if (!p.wantsNumber()) {
            String name = p.name();
            boolean heldByDevice = known.stream().anyMatch(k -> k.network().equals(p.network())
                    && k.name().equals(name));
            if (heldByDevice || accounts.find(p.network(), name).isPresent()) {
                throw new PairingException(CloseCode.AUTH_FAILED, name + "." + p.network()
                        + " is held by another device; reject this one, or reset it and ask for " + prefixOf(name)
                        + "*." + p.network());
            }
            return name;
        }
        String prefix = p.name();
        Pattern numbered = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,9})");
        long highest = 0;
        for (KnownDevice k : known) {
            if (k.network().equals(p.network())) {
                highest = Math.max(highest, number(numbered, k.name()));
            }
        }
        for (Account a : accounts.list()) {
            if (a.network().equals(p.network())) {
                highest = Math.max(highest, number(numbered, a.name()));
            }
        }
        return prefix + (highest + 1);
    }

    private static long number(Pattern numbered, String name) {
        Matcher m = numbered.matcher(name);
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String prefixOf(String name) {
        return name.replaceAll("\\d+$", "");
    }
}
