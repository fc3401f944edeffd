package org.ioswitch.common.thread;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import org.tinylog.Logger;

/**
 * The one place that starts threads: virtual threads where the runtime has them (Java 21+), daemon platform threads
 * otherwise. Threads are named for their job and peer, e.g. {@code ioswitch-read gina3.pekkahome}.
 *
 * <p>{@code -Dioswitch.platformThreads=true} asks for platform threads on any runtime: a host with a few links
 * moving bulk data spends about 8 % less CPU per MiB on them (a virtual thread parks and is rescheduled at every
 * blocking read); a switchbox with thousands of streams needs the virtual ones.
 */
public final class Threads {
    /** {@code Thread.ofVirtual()} and the builder's methods, found reflectively: the code is compiled for Java 17. */
    private static final Method OF_VIRTUAL;
    private static final Method NAME;
    private static final Method START;

    static {
        Method ofVirtual = null;
        Method name = null;
        Method start = null;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            name = builder.getMethod("name", String.class);
            start = builder.getMethod("start", Runnable.class);
        } catch (ReflectiveOperationException e) {
            ofVirtual = null;
        }
        OF_VIRTUAL = Boolean.getBoolean("ioswitch.platformThreads") ? null : ofVirtual;
        NAME = name;
        START = start;
    }

    private Threads() {
    }

    /** True when threads started here are virtual. */
    public static boolean virtual() {
        return OF_VIRTUAL != null;
    }

    /** Starts {@code task} on a new thread called {@code name}. */
    public static Thread start(String name, Runnable task) {
        if (OF_VIRTUAL != null) {
            try {
                Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), name);
                return (Thread) START.invoke(builder, task);
            } catch (ReflectiveOperationException e) {
                Logger.debug(e, "virtual thread start failed; using a platform thread for {}", name);
            }
        }
        return platform(name, task);
    }

    /**
     * Starts {@code task} on a new daemon platform thread called {@code name} on any runtime: for work measured per
     * thread (a benchmark's CPU per thread counts only platform threads).
     */
    public static Thread platform(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Threads for an executor (timers, file reloads, a benchmark's pool): daemon platform threads called
     * {@code name}, so scheduled work never keeps a process alive and shows its job in a thread dump.
     */
    public static ThreadFactory daemonFactory(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs {@code task} when the JVM shuts down (SIGTERM, Ctrl-C), on a thread called {@code name}; returns the hook,
     * for {@link Runtime#removeShutdownHook} when the work ends first.
     */
    public static Thread onShutdown(String name, Runnable task) {
        Thread hook = new Thread(task, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }
}
