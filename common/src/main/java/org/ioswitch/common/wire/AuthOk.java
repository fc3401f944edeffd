package org.ioswitch.common.wire;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Authentication succeeded.
 * <pre>
 *   header:  type=0x06 | flags=0 | length
 *   payload: identity str | privileges u8 (DEVICE=0x01, USER=0x02, ADMIN=0x04)
 * </pre>
 *
 * @param identity the identity as assigned, e.g. {@code gina7.pekkahome} for a {@code gina*} request
 * @param privileges what the identity may do
 */
public record AuthOk(String identity, Set<Privilege> privileges) implements Frame {
    /** Checks and copies the fields. */
    public AuthOk {
        Objects.requireNonNull(identity, "identity");
        // EnumSet keeps declaration order, so toString and logs are stable
        privileges = Collections.unmodifiableSet(privileges.isEmpty()
                ? EnumSet.noneOf(Privilege.class) : EnumSet.copyOf(privileges));
    }

    @Override
    public FrameType type() {
        return FrameType.AUTH_OK;
    }
}
