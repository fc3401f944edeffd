package org.ioswitch.bench;

/**
 * The floor of {@code device-footprint}: a JVM that prints one line and waits, started with the device's settings. What
 * a device holds above it is what ioswitch, TLS and the libraries cost.
 */
public final class IdleJvm {
    private IdleJvm() {
    }

    /** Prints "hello" and waits until killed. */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("hello");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
