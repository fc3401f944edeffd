package org.ioswitch.common.wire;

import java.util.EnumSet;
import java.util.Set;

/** Rights granted to an authenticated identity; a set travels as a u8 bit mask. */
public enum Privilege {
    /** May own blocks as a device. */
    DEVICE(0x01),
    /** May list devices, subscribe and write DOWN blocks it is allowed to. */
    USER(0x02),
    /** May administer: approve pairing, write configuration blocks. */
    ADMIN(0x04);

    private final int bit;

    Privilege(int bit) {
        this.bit = bit;
    }

    /** This privilege's bit in the mask. */
    public int bit() {
        return bit;
    }

    static int mask(Set<Privilege> privileges) {
        int m = 0;
        for (Privilege p : privileges) {
            m |= p.bit;
        }
        return m;
    }

    static Set<Privilege> fromMask(int mask) throws WireException {
        Set<Privilege> set = EnumSet.noneOf(Privilege.class);
        int known = 0;
        for (Privilege p : values()) {
            known |= p.bit;
            if ((mask & p.bit) != 0) {
                set.add(p);
            }
        }
        if ((mask & ~known) != 0) {
            throw new WireException(CloseCode.PROTOCOL_ERROR,
                    String.format("AUTH_OK: unknown privilege bits 0x%02x", mask & ~known));
        }
        return set;
    }
}
