package org.ioswitch.server.pairing;

import org.ioswitch.common.tls.PairingCode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.account.AccountsException;
import org.ioswitch.server.account.BlockRules;
import org.tinylog.Logger;

/**
 * The pairing state of one server directory: whether pairing is open and until when, the pending devices and the
 * paired ones. Every change is written to {@code pairing.json} atomically before it takes effect for anyone else.
 *
 * <pre>
 *   unknown device ──request──► PENDING(code) ──approve(name, code)──► account NAME + KnownDevice ──► AUTH_OK
 *                                  │ reject, TTL, too many wrong codes ──► refused (CLOSE with the reason)
 * </pre>
 * Thread-safe: one lock guards the state; callbacks to waiting connections run after it is released.
 */
public final class Pairing {
    /** The state file inside the server directory. */
    public static final String FILE_NAME = "pairing.json";
    /** The actor of approvals made by {@code autoApprove}, in the log, {@code pairing.json} and the audit log. */
    public static final String AUTO_APPROVE = "auto-approve";

    private final Path file;
    private final PairingOptions options;
    private final AccountStore accounts;
    private final InstantSource clock;
    private final Admission admission;
    private final PairingAudit audit;
    private final Waiters waiters = new Waiters();
    /** Guarded by {@code this}. */
    private Instant openUntil;
    /** When and by whom or what the window was last closed (since start; not persisted). */
    private Instant lastClosed;
    private String closedBy;
    /** Wrong codes typed per approval name in this window: they count against the approval, not the devices. */
    private final Map<String, Integer> wrongCodes = new LinkedHashMap<>();
    private final List<PendingDevice> pending = new ArrayList<>();
    private final List<KnownDevice> known = new ArrayList<>();
    /** Secret ids an admin rejected, refused until the instant given (a reset device has a new secret). */
    private final Map<String, Instant> rejectedUntil = new LinkedHashMap<>();

    private Pairing(Path dir, PairingOptions options, AccountStore accounts, InstantSource clock,
                    PairingAudit audit) {
        this.file = dir.resolve(FILE_NAME);
        this.options = options;
        this.accounts = accounts;
        this.clock = clock;
        this.audit = audit;
        this.admission = new Admission(options, clock);
    }

    /**
     * Loads the pairing state of a server directory (none yet: closed, nothing pending).
     *
     * @throws PairingStateException if {@code pairing.json} exists but cannot be read, naming the entry
     */
    public static Pairing open(Path dir, PairingOptions options, AccountStore accounts, InstantSource clock)
            throws PairingStateException {
        return open(dir, options, accounts, clock, PairingAudit.NONE);
    }

    /**
     * As {@link #open(Path, PairingOptions, AccountStore, InstantSource)}, writing auto-approvals to {@code audit}.
     *
     * @throws PairingStateException if {@code pairing.json} exists but cannot be read, naming the entry
     */
    public static Pairing open(Path dir, PairingOptions options, AccountStore accounts, InstantSource clock,
                               PairingAudit audit) throws PairingStateException {
        Pairing p = new Pairing(Objects.requireNonNull(dir, "dir"), Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(accounts, "accounts"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(audit, "audit"));
        PairingJson.State s = PairingJson.read(p.file);
        p.openUntil = s.openUntil();
        p.pending.addAll(s.pending());
        p.known.addAll(s.known());
        p.rejectedUntil.putAll(s.rejected());
        if (options.autoApprove()) {
            Logger.warn("pairing auto-approve is on: every device that asks is paired without an admin (demos and "
                    + "tests only)");
        }
        return p;
    }

    /** The options. */
    public PairingOptions options() {
        return options;
    }

    /** SHA-256 of a device secret as hex: how a device is found again; the secret is 256 random bits. */
    public static String secretId(byte[] secret) {
        return Secrets.id(secret);
    }

    /** Until when pairing is open; empty when closed (always open with auto-approve). */
    public synchronized Optional<Instant> openUntil() {
        expireLocked();
        return options.autoApprove() ? Optional.of(Instant.MAX) : Optional.ofNullable(openUntil);
    }

    /** True while pairing requests are accepted. */
    public boolean isOpen() {
        return openUntil().isPresent();
    }

    /**
     * Opens pairing for {@code duration}; a new opening resets the handshake count.
     *
     * @throws PairingStateException if the state cannot be written
     */
    public synchronized Instant openWindow(Duration duration) throws PairingStateException {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("pairing window must be > 0, was " + duration);
        }
        openUntil = clock.instant().plus(duration);
        admission.newWindow();
        wrongCodes.clear();
        save();
        Logger.info("pairing open until {} ({} min)", openUntil, Math.max(1, duration.toMinutes()));
        return openUntil;
    }

    /** Closes pairing now. @throws PairingStateException if the state cannot be written */
    public void closeWindow() throws PairingStateException {
        closeWindow("admin");
    }

    /**
     * Closes pairing now; {@code who} is shown by {@code server pairing status}.
     *
     * @throws PairingStateException if the state cannot be written
     */
    public synchronized void closeWindow(String who) throws PairingStateException {
        openUntil = null;
        closed(who);
        save();
        Logger.info("pairing closed by {}", who);
    }

    /** The window's state and what its limits have used up. */
    public synchronized PairingStatus status() {
        expireLocked();
        Optional<Instant> until = options.autoApprove() ? Optional.of(Instant.MAX) : Optional.ofNullable(openUntil);
        return new PairingStatus(until.isPresent(), until, Optional.ofNullable(lastClosed),
                Optional.ofNullable(closedBy), admission.handshakes(), options.maxHandshakesPerWindow(),
                pending.size(), wrongCodes, options.maxWrongCodes());
    }

    private void closed(String by) {
        lastClosed = clock.instant();
        closedBy = by;
    }

    /**
     * Counts one pairing attempt in the current window: one connection that asks for the trust bundle or to be paired,
     * counted once even when it does both (as every new device does).
     *
     * @throws PairingException PAIRING_CLOSED when pairing is closed, or is closed now because the window's budget of
     *         attempts is spent
     */
    public synchronized void handshake(String network, String address) throws PairingException {
        checkOpen(network);
        if (!options.autoApprove() && !admission.handshake()) {
            openUntil = null;
            closed("abuse: " + options.maxHandshakesPerWindow() + " pairing attempts, the last from " + address);
            saveQuietly();
            Logger.warn("pairing closed after {} pairing attempts in this window (the last from {}): a man in the "
                    + "middle may be trying to match a code; open it again when you pair the next device",
                    options.maxHandshakesPerWindow(), address);
            throw new PairingException(CloseCode.PAIRING_CLOSED, "pairing is closed on " + network + ": too many "
                    + "pairing attempts in this window; an admin opens it again with 'ioswitch server pairing open'");
        }
    }

    private synchronized void checkOpen(String network) throws PairingException {
        expireLocked();
        if (!options.autoApprove() && openUntil == null) {
            throw new PairingException(CloseCode.PAIRING_CLOSED, "pairing is closed on " + network
                    + ": an admin opens it with 'ioswitch server pairing open'");
        }
    }

    /** The paired device with this secret in {@code network}, if any. */
    public synchronized Optional<KnownDevice> known(String network, String secretId) {
        return known.stream().filter(k -> k.network().equals(network) && k.secretId().equals(secretId)).findFirst();
    }

    /** True while a rejection of this secret stands (for the pending TTL). */
    public synchronized boolean rejected(String secretId) {
        Instant until = rejectedUntil.get(secretId);
        return until != null && clock.instant().isBefore(until);
    }

    /** Every paired device. */
    public synchronized List<KnownDevice> known() {
        return List.copyOf(known);
    }

    /** The pending devices, after dropping expired ones. */
    public List<PendingDevice> pending() {
        expire();
        synchronized (this) {
            return List.copyOf(pending);
        }
    }

    /**
     * Records (or refreshes) a pending device for an unknown secret: counted as a pairing handshake, capped in number
     * and per address.
     *
     * @param requestedId {@code gina*.pekkahome} or {@code gina3.pekkahome}
     * @param code the pairing code of this connection
     * @throws PairingException PAIRING_CLOSED, LIMIT or AUTH_FAILED, with the reason
     */
    public PendingDevice request(String network, String requestedId, String boardType, String address, byte[] secret,
                                 String code) throws PairingException {
        return request(network, requestedId, boardType, address, secret, code, true);
    }

    /**
     * As {@link #request(String, String, String, String, byte[], String)}; {@code count} is false when this
     * connection's attempt was already counted by {@link #handshake} (its trust request).
     *
     * @throws PairingException PAIRING_CLOSED, LIMIT or AUTH_FAILED, with the reason
     */
    public PendingDevice request(String network, String requestedId, String boardType, String address, byte[] secret,
                                 String code, boolean count) throws PairingException {
        String id = secretId(secret);
        synchronized (this) {
            Instant until = rejectedUntil.get(id);
            if (until != null && clock.instant().isBefore(until)) {
                throw new PairingException(CloseCode.PAIRING_REJECTED, "pairing of " + requestedId + " was rejected by "
                        + "an admin; reset the device to ask again");
            }
        }
        if (count) {
            handshake(network, address);
        } else {
            checkOpen(network);
        }
        synchronized (this) {
            Instant now = clock.instant();
            for (int i = 0; i < pending.size(); i++) {
                PendingDevice p = pending.get(i);
                if (p.secretId().equals(id) && p.network().equals(network)) {
                    PendingDevice again = p.seenAgain(now, address, code, boardType);
                    pending.set(i, again);
                    saveOrRefuse();
                    return again;
                }
            }
            admission.admitNew(address, pending.size());
        }
        // The slow hash runs outside the lock; the admission above has already bounded how often this happens.
        String hash = Secrets.slowHash(secret);
        synchronized (this) {
            Instant now = clock.instant();
            PendingDevice p = new PendingDevice(network, requestedId, boardType, address, now, now, 1, code, id, hash,
                    0);
            pending.removeIf(q -> q.secretId().equals(id) && q.network().equals(network));
            pending.add(p);
            saveOrRefuse();
            // Not the code: an admin types what the board shows (a code copied from the server's side would approve
            // a man in the middle's session).
            Logger.info("pending device {} ({}) from {}: approve it with the code the board shows", requestedId,
                    boardType, address);
            return p;
        }
    }

    /**
     * Waits for the decision about a pending secret: {@code onDecision} runs once, on the deciding thread. A newer
     * wait for the same secret replaces this one (which then gets REPLACED).
     *
     * @return closing it stops waiting
     */
    public AutoCloseable await(String secretId, java.util.function.Consumer<Decision> onDecision) {
        return waiters.add(secretId, onDecision);
    }

    /**
     * Approves the pending device named {@code name} whose code is {@code code}: creates its device account (with
     * the hash of its secret) and assigns its number. A wrong code is counted against approving {@code name}; too many
     * refuse approving that name until pairing is opened again (no pending device is dropped).
     *
     * @param name {@code gina}, {@code gina*}, {@code gina3} or a full requested id
     * @param who who approves, for the log
     * @throws PairingException naming the device and what is wrong
     */
    public KnownDevice approve(String name, String code, String who) throws PairingException {
        return approve(name, code, who, device -> { });
    }

    /**
     * Approves {@code device} without an admin, as {@code autoApprove} (demos, tests) asks, and writes the audit line
     * an admin's approval gets, as user {@value #AUTO_APPROVE}: with the device's id, pairing code, board, address and
     * secret fingerprint, before the device is told. A refusal is written too.
     *
     * @throws PairingException naming the device and what is wrong
     */
    public KnownDevice autoApprove(PendingDevice device) throws PairingException {
        if (!options.autoApprove()) {
            throw new IllegalStateException("autoApprove is off: " + device.requestedId() + " needs an admin");
        }
        try {
            return approve(device.requestedId(), device.code(), AUTO_APPROVE, known -> audit.append(AUTO_APPROVE,
                    "approve", device.requestedId(), true, "approved " + known.id() + " (code "
                            + PairingCode.display(device.code()) + ", board " + known.boardType() + ", from "
                            + device.address() + ", secret sha256:" + known.secretId().substring(0, 16) + ")"));
        } catch (PairingException e) {
            audit.append(AUTO_APPROVE, "approve", device.requestedId(), false, e.getMessage());
            throw e;
        }
    }

    /** Approves, then runs {@code beforeTold} (outside the lock) before the waiting connection hears of it. */
    private KnownDevice approve(String name, String code, String who, Consumer<KnownDevice> beforeTold)
            throws PairingException {
        String typed = normalize(code);
        expire();
        KnownDevice device;
        PendingDevice chosen;
        synchronized (this) {
            List<PendingDevice> candidates = matching(name);
            int wrong = wrongCodes.getOrDefault(name, 0);
            if (wrong >= options.maxWrongCodes()) {
                throw new PairingException(CloseCode.PAIRING_REJECTED, "approving " + name + " is refused after "
                        + wrong + " wrong codes in this window; compare the code the device shows, then open pairing "
                        + "again ('ioswitch server pairing open') to retry, or reject it");
            }
            chosen = candidates.stream().filter(p -> PairingCode.same(p.code(), typed)).findFirst().orElse(null);
            if (chosen == null) {
                wrongCode(name, candidates);
            }
            String assigned = Numbers.assign(chosen, known, accounts);
            Optional<KnownDevice> before = known(chosen.network(), chosen.secretId());
            try {
                if (accounts.find(chosen.network(), assigned).isEmpty()) {
                    accounts.add(new Account(chosen.network(), assigned, AccountKind.DEVICE,
                            PasswordHash.parse(chosen.secretHash()), BlockRules.defaultsFor(AccountKind.DEVICE)));
                }
            } catch (AccountsException e) {
                throw new PairingException(CloseCode.INTERNAL, "cannot create account " + assigned + "."
                        + chosen.network() + ": " + e.getMessage());
            }
            device = new KnownDevice(chosen.network(), assigned, chosen.secretId(), chosen.boardType(),
                    clock.instant(), who);
            before.ifPresent(known::remove);
            known.add(device);
            pending.remove(chosen);
            saveOrRefuse();
        }
        Logger.info("device {} ({}) approved by {}", device.id(), chosen.boardType(), who);
        beforeTold.accept(device);
        waiters.decide(chosen.secretId(), new Decision.Approved(device));
        return device;
    }

    /**
     * Rejects the pending devices named {@code name}; a connected one gets CLOSE PAIRING_REJECTED.
     *
     * @throws PairingException if none is pending under that name
     */
    public List<PendingDevice> reject(String name, String who) throws PairingException {
        expire();
        List<PendingDevice> rejected;
        synchronized (this) {
            rejected = matching(name);
            pending.removeAll(rejected);
            Instant until = clock.instant().plus(options.pendingTtl());
            rejected.forEach(p -> rejectedUntil.put(p.secretId(), until));
            saveOrRefuse();
        }
        for (PendingDevice p : rejected) {
            Logger.info("pending device {} from {} rejected by {}", p.requestedId(), p.address(), who);
            waiters.decide(p.secretId(), new Decision.Refused(CloseCode.PAIRING_REJECTED,
                    "pairing of " + p.requestedId() + " was rejected by an admin"));
        }
        return rejected;
    }

    /** Drops pending devices not seen for the TTL and ends a window whose time is up. */
    public void expire() {
        List<PendingDevice> expired;
        synchronized (this) {
            expired = expireLocked();
        }
        for (PendingDevice p : expired) {
            Logger.info("pending device {} from {} expired after {} without approval", p.requestedId(), p.address(),
                    options.pendingTtl());
            waiters.decide(p.secretId(), new Decision.Refused(CloseCode.TIMEOUT, "pairing request of "
                    + p.requestedId() + " expired without approval; it is asked again at the next connection"));
        }
    }

    private List<PendingDevice> expireLocked() {
        Instant now = clock.instant();
        boolean changed = false;
        if (openUntil != null && !now.isBefore(openUntil)) {
            openUntil = null;
            closed("time up");
            changed = true;
            Logger.info("pairing closed: its time is up");
        }
        List<PendingDevice> expired = new ArrayList<>();
        for (PendingDevice p : pending) {
            if (!now.isBefore(p.lastSeen().plus(options.pendingTtl()))) {
                expired.add(p);
            }
        }
        if (!expired.isEmpty()) {
            pending.removeAll(expired);
            changed = true;
        }
        changed |= rejectedUntil.values().removeIf(until -> !now.isBefore(until));
        if (changed) {
            saveQuietly();
        }
        return expired;
    }

    private List<PendingDevice> matching(String name) throws PairingException {
        List<PendingDevice> out = new ArrayList<>();
        for (PendingDevice p : pending) {
            if (p.answersTo(name)) {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            List<String> names = pending.stream().map(PendingDevice::requestedId).toList();
            throw new PairingException(CloseCode.PAIRING_REJECTED, "no pending device named \"" + name + "\""
                    + (names.isEmpty() ? " (none is pending)" : " (pending: " + String.join(", ", names) + ")"));
        }
        return out;
    }

    /**
     * Counts a wrong code against the approval of {@code name}: no pending device is dropped, since a mistyped code
     * says nothing about which device is genuine; after {@code maxWrongCodes} approving that name is refused until
     * pairing is opened again.
     */
    private void wrongCode(String name, List<PendingDevice> candidates) throws PairingException {
        int wrong = wrongCodes.merge(name, 1, Integer::sum);
        Logger.info("wrong pairing code typed for {} ({} of {}; pending: {})", name, wrong, options.maxWrongCodes(),
                candidates.size());
        throw new PairingException(CloseCode.PAIRING_REJECTED, "wrong pairing code for " + name + " (wrong code "
                + wrong + " of " + options.maxWrongCodes() + (wrong < options.maxWrongCodes() ? ")"
                : "; approving " + name + " is refused until pairing is opened again)")
                + ": compare with the code the device shows");
    }

    /** Wrong codes typed for the approval name {@code name} in this window. */
    public synchronized int wrongCodes(String name) {
        return wrongCodes.getOrDefault(name, 0);
    }

    private static String normalize(String code) throws PairingException {
        try {
            return PairingCode.normalize(code);
        } catch (IllegalArgumentException e) {
            throw new PairingException(CloseCode.PAIRING_REJECTED, e.getMessage());
        }
    }

    private void saveOrRefuse() throws PairingException {
        try {
            save();
        } catch (PairingStateException e) {
            throw new PairingException(CloseCode.INTERNAL, e.getMessage());
        }
    }

    private void saveQuietly() {
        try {
            save();
        } catch (PairingStateException e) {
            Logger.error(e.getMessage());
        }
    }

    private void save() throws PairingStateException {
        PairingJson.write(file, new PairingJson.State(openUntil, pending, known, rejectedUntil));
    }
}
