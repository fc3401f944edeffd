package org.ioswitch.common.block;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.wire.Direction;
import org.junit.jupiter.api.Test;

class MemoryBlockTest {
    private static final DeviceId GINA3 = new DeviceId("gina", 3, "pekkahome");

    private static MemoryBlock exp() throws Exception {
        return new MemoryBlock(GINA3, SignalMapTest.gina().block("exp"), Direction.UP);
    }

    private static MemoryBlock imp() throws Exception {
        return new MemoryBlock(GINA3, SignalMapTest.gina().block("imp"), Direction.DOWN);
    }

    @Test
    void valuesAreLittleEndianAfterTheirStateByte() throws Exception {
        MemoryBlock b = exp();
        b.signal("counter").set(0x01020304L);          // uint at 11: state, then 04 03 02 01
        b.signal("potentiometer").set(-1L + 65536);    // ushort at 3
        b.signal("temperature").set(21.5);             // float at 6
        Snapshot s = b.publish();
        byte[] raw = s.bytes();
        assertArrayEquals(new byte[] {SignalState.CONNECTED, 4, 3, 2, 1}, java.util.Arrays.copyOfRange(raw, 11, 16));
        assertArrayEquals(new byte[] {SignalState.CONNECTED, (byte) 0xff, (byte) 0xff},
                java.util.Arrays.copyOfRange(raw, 3, 6));
        assertEquals(0x01020304L, s.getLong(b.layout().signal("counter")));
        assertEquals(65535, b.signal("potentiometer").getLong());
        assertEquals(21.5, b.signal("temperature").getDouble());
        assertEquals(22, b.signal("temperature").getLong());
        assertEquals(1, s.seq());
    }

    @Test
    void signedTypesSignExtendAndRangesAreChecked() throws Exception {
        MemoryBlock b = imp();
        b.signal("dimmer").set(-300L);
        b.signals().set("servo", 65535L);
        b.publish();
        assertEquals(-300, b.signals().getLong("dimmer"));
        assertEquals(65535, b.signals().getLong("servo"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.signal("servo").set(65536L));
        assertEquals("signal servo (ushort): value 65536 outside 0..65535", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.signal("nope"));
    }

    @Test
    void singleBooleanLivesInBitZeroOfItsStateByteAndArraysArePacked() throws Exception {
        MemoryBlock b = exp();
        b.signal("dip_switch_4").set(true);
        boolean[] switches = new boolean[10];
        switches[0] = true;
        switches[9] = true;
        b.signal("dip_switches").set(switches);
        Snapshot s = b.publish();
        assertEquals(SignalState.CONNECTED | 1, s.byteAt(1));    // one byte: state bits + value in bit 0
        assertEquals(SignalState.CONNECTED, s.byteAt(18));       // array: one shared state byte
        assertEquals(0x01, s.byteAt(19));                        // elements 0..7, LSB first
        assertEquals(0x02, s.byteAt(20));                        // element 9 is bit 1 of the next byte
        assertTrue(b.signal("dip_switch_4").getBoolean());
        assertFalse(b.signal("dip_switch_3").getBoolean());
        assertArrayEquals(switches, b.signal("dip_switches").getBooleans());
        b.signal("dip_switch_4").setState(SignalState.of(true, SignalState.Level.ERROR));
        b.publish();
        assertTrue(b.signal("dip_switch_4").getBoolean(), "changing the state keeps the value bit");
        assertEquals(SignalState.Level.ERROR, b.signal("dip_switch_4").state().level());
    }

    @Test
    void stringsAreNulTerminatedWhenShorterAndCapacityIsChecked() throws Exception {
        MemoryBlock b = exp();
        b.signal("status_text").set("räty ok");                  // 8 UTF-8 bytes in 12
        b.publish();
        assertEquals("räty ok", b.signal("status_text").getString());
        assertEquals(0, b.snapshot().byteAt(23 + 1 + 8));
        b.signal("status_text").set("exactly12byt");
        b.publish();
        assertEquals("exactly12byt", b.signal("status_text").getString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.signal("status_text").set("thirteen byte"));
        assertEquals("signal status_text: \"thirteen byte\" is 13 bytes, capacity 12", e.getMessage());
    }

    @Test
    void stateBitsFollowIocom() {
        assertTrue(SignalState.OK.ok());
        assertFalse(SignalState.DISCONNECTED.connected());
        assertEquals(SignalState.Level.WARNING, new SignalState(SignalState.CONNECTED | SignalState.YELLOW).level());
        assertEquals(SignalState.Level.ALARM, new SignalState(SignalState.ORANGE).level());
        assertEquals(SignalState.Level.ERROR, new SignalState(12).level());
        assertEquals(new SignalState(SignalState.YELLOW), SignalState.of(true, SignalState.Level.WARNING).disconnected());
        assertEquals(new SignalState(2), new SignalState(3), "bit 0 is the boolean value, not state");
    }

    @Test
    void unpublishedWritesAreInvisibleToReadersUntilPublish() throws Exception {
        MemoryBlock b = exp();
        b.signal("counter").set(5L);
        assertEquals(0, b.signal("counter").getLong());
        assertEquals(SignalState.DISCONNECTED, b.signal("counter").state());
        b.publish();
        assertEquals(5, b.signal("counter").getLong());
        assertTrue(b.signal("counter").state().ok());
        b.autoPublish(true);
        b.signal("counter").set(6L);
        assertEquals(6, b.signal("counter").getLong());
        assertEquals(2, b.snapshot().seq());
    }

    @Test
    void listenersHearBlockAndOnlyTheirSignalChanges() throws Exception {
        MemoryBlock b = exp();
        BlockingQueue<Long> blockEvents = new ArrayBlockingQueue<>(10);
        BlockingQueue<Long> counterEvents = new ArrayBlockingQueue<>(10);
        b.addListener((block, previous, current) -> blockEvents.add(current.seq()));
        b.signal("counter").addListener((signal, current) -> counterEvents.add(current.getLong(signal.signal())));
        b.signal("cpu_load").set(10L);
        b.publish();
        b.signal("counter").set(7L);
        b.publish();
        assertEquals(1L, blockEvents.poll(5, SECONDS));
        assertEquals(2L, blockEvents.poll(5, SECONDS));
        assertEquals(7L, counterEvents.poll(5, SECONDS));
        assertNull(counterEvents.poll(), "cpu_load's change is not counter's");
    }

    @Test
    void applyInstallsAReceivedSnapshotWholeAndChecksItsSize() throws Exception {
        MemoryBlock source = imp();
        source.signal("setpoint").set(3.25);
        source.signal("set_pwm").set(new long[] {1, 2, 3, 65535});
        Snapshot s = source.publish();
        MemoryBlock replica = imp();
        BlockingQueue<Snapshot> seen = new ArrayBlockingQueue<>(1);
        replica.addListener((block, previous, current) -> seen.add(current));
        replica.apply(s);
        assertEquals(s, seen.poll(5, SECONDS));
        assertEquals(3.25, replica.signal("setpoint").getDouble());
        assertArrayEquals(new long[] {1, 2, 3, 65535}, replica.signal("set_pwm").getLongs());
        assertArrayEquals(s.bytes(), replica.read(0, replica.size()), "the working copy follows the applied image");
        assertThrows(IllegalArgumentException.class, () -> replica.apply(Snapshot.of(9, new byte[3])));
    }

    @Test
    void aPublishedSnapshotNeverChangesWhateverIsWrittenOrAppliedAfterIt() throws Exception {
        // publish() hands the working array to the snapshot (copy on write): later changes must copy it first
        MemoryBlock b = exp();
        b.signal("counter").set(1L);
        Snapshot first = b.publish();
        byte[] firstBytes = first.bytes();
        b.signal("counter").set(2L);
        assertArrayEquals(firstBytes, first.bytes(), "a signal write after publish");
        byte[] whole = new byte[b.size()];
        java.util.Arrays.fill(whole, (byte) 9);
        b.write(0, whole);
        whole[0] = 1; // the caller's array is not kept either
        assertArrayEquals(firstBytes, first.bytes(), "a whole-block write after publish");
        Snapshot second = b.publish();
        assertEquals(9, second.byteAt(0));
        assertEquals(9, b.read(0, 1)[0]);

        byte[] secondBytes = second.bytes();
        MemoryBlock replica = exp();
        replica.apply(second);
        replica.signal("counter").set(3L);
        replica.write(4, new byte[] {7});
        assertArrayEquals(secondBytes, second.bytes(), "the applied snapshot is shared, never written");
        assertEquals(7, replica.read(4, 1)[0]);
    }

    @Test
    void readersNeverSeeATornSnapshot() throws Exception {
        MemoryBlock b = exp();
        Signal counter = b.layout().signal("counter");
        Signal uptime = b.layout().signal("uptime");
        Signal errors = b.layout().signal("errors");
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3, Threads.daemonFactory("memory-block-test"));
        try {
            Future<Integer> writer = pool.submit(() -> {
                for (int i = 1; i <= 20_000; i++) {
                    b.signal("counter").set((long) i);
                    b.signal("uptime").set((long) i * 1000);
                    b.signal("errors").set((long) -i);
                    b.publish();
                }
                stop.set(true);
                return 20_000;
            });
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    long checked = 0;
                    long lastSeq = -1;
                    while (!stop.get() || checked == 0) {
                        Snapshot s = b.snapshot();
                        long c = s.getLong(counter);
                        if (s.getLong(uptime) != c * 1000 || s.getLong(errors) != -c) {
                            throw new AssertionError("torn snapshot " + s.seq() + ": counter " + c + ", uptime "
                                    + s.getLong(uptime) + ", errors " + s.getLong(errors));
                        }
                        if (s.seq() < lastSeq) {
                            throw new AssertionError("snapshot went back from " + lastSeq + " to " + s.seq());
                        }
                        lastSeq = s.seq();
                        checked++;
                    }
                    return checked;
                }));
            }
            assertEquals(20_000, writer.get(60, SECONDS));
            for (Future<Long> r : readers) {
                assertTrue(r.get(60, SECONDS) > 0);
            }
            assertEquals(20_000, b.signal("counter").getLong());
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }
}
