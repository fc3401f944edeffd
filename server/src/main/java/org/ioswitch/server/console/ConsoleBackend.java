package org.ioswitch.server.console;

import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.account.Authenticator;
import org.ioswitch.server.admin.AdminCommands;
import org.ioswitch.server.admin.AuditLog;
import org.ioswitch.server.pairing.Pairing;
import org.ioswitch.server.registry.DeviceLink;
import org.ioswitch.server.registry.Registry;

/**
 * The parts of a running home server the console shows and acts on: the same objects the TLS listener and the admin
 * socket use, so a login is throttled with the others and an approval is the admin channel's.
 *
 * @param registry devices and blocks per network
 * @param accounts the accounts logins are checked against and admins edit
 * @param authenticator the server's own (shared throttle)
 * @param pairing window, pending and paired devices
 * @param admin the admin channel's commands (approve, reject, open, close), which write the audit log
 * @param audit the audit log
 * @param links how a connected device came in, by device id
 * @param clock for session timeouts
 * @param metrics the server's metrics text, for {@code /metrics}
 * @param peerLog the server's log of misbehaving peers (refused logins, CSRF, writes, metrics tokens), collapsed per
 *     address
 */
public record ConsoleBackend(Registry registry, AccountStore accounts, Authenticator authenticator, Pairing pairing,
                             AdminCommands admin, AuditLog audit, Function<String, Optional<DeviceLink>> links,
                             InstantSource clock, Supplier<String> metrics,
                             PeerLog peerLog) {
}
