package dev.offlinesync;

/**
 * A registered listener. Closing it stops deliveries: once {@link #close()} has returned, the listener is not called
 * again (a call already running finishes). Closing twice does nothing. {@link #close()} may be called from any
 * thread, the listener itself included, and does not block.
 */
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
