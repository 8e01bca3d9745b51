package org.vcam.gst.element;

/** Lets tests in other packages install the fake backend. */
public final class TestBackends {
    private TestBackends() {
    }

    /** Installs a fresh fake backend; returns a summary function of what was queued. */
    public static java.util.function.IntSupplier useFake() {
        FakeBackend fake = new FakeBackend();
        VcamSink.useBackend(fake.backend());
        return () -> fake.allQueued().size();
    }
}
