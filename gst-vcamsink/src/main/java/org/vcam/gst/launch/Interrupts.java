package org.vcam.gst.launch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts SIGINT (Ctrl-C) and SIGTERM instead of letting them end the JVM, so the bus loop can
 * stop the pipeline (or send EOS with -e) and choose the exit status, as gst-launch does.
 * A signal the shell told us to ignore (background jobs ignore SIGINT) stays ignored.
 *
 * <p>The handlers are installed through {@code sun.misc.Signal} (module jdk.unsupported, meant
 * for this) by reflection, because javac flags every direct use of it as proprietary API.
 */
final class Interrupts {
    private final AtomicInteger count = new AtomicInteger();

    /** Installs the handlers. */
    static Interrupts install() {
        Interrupts i = new Interrupts();
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object h = Proxy.newProxyInstance(Interrupts.class.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            i.count.incrementAndGet();
                        }
                        return null;
                    });
            for (String name : new String[] {"INT", "TERM"}) {
                Object sig = signal.getConstructor(String.class).newInstance(name);
                signal.getMethod("handle", signal, handler).invoke(null, sig, h);
            }
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException
                | IllegalAccessException e) {
            throw new IllegalStateException("cannot catch SIGINT/SIGTERM on this JVM: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot catch SIGINT/SIGTERM: " + e.getCause(), e.getCause());
        }
        return i;
    }

    /** Without handlers (tests). */
    static Interrupts none() {
        return new Interrupts();
    }

    /** How many interrupts arrived since {@link #install()}: any means "stop". */
    int count() {
        return count.get();
    }

    /** Counts one as if a signal came (tests). */
    void raise() {
        count.incrementAndGet();
    }
}
