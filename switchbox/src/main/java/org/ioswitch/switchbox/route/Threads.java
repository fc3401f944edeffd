package org.ioswitch.switchbox.route;

import java.lang.reflect.Method;
import org.tinylog.Logger;

/** Starts named threads: virtual on Java 21+ (found by reflection, the code is built for 17), daemon threads on 17. */
final class Threads {
    private static final Method[] VIRTUAL = find();

    private Threads() {}

    private static Method[] find() {
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            return new Method[] {Thread.class.getMethod("ofVirtual"), builder.getMethod("name", String.class),
                builder.getMethod("start", Runnable.class)};
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    static Thread start(String name, Runnable task) {
        if (VIRTUAL != null) {
            try {
                Object builder = VIRTUAL[1].invoke(VIRTUAL[0].invoke(null), name);
                return (Thread) VIRTUAL[2].invoke(builder, task);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Logger.debug(e, "virtual threads unavailable, using a platform thread");
            }
        }
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
