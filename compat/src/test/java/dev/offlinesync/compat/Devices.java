package dev.offlinesync.compat;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The devices of a scenario: each is a {@link SyncClient} with its own local store, talking to one service.
 * Closing this closes every device made through it.
 *
 * <pre>{@code
 * try (Devices devices = new Devices(server.uri())) {
 *     SyncClient phone = devices.device();
 *     SyncClient tablet = devices.device(new ConflictDialog(Answer.USE_SERVER));
 * }
 * }</pre>
 */
final class Devices implements AutoCloseable {

    /** How long a scenario waits for one push, pull or purge before it fails the test. */
    private static final long WAIT_SECONDS = 60;

    private final URI service;
    private final List<SyncClient> clients = new ArrayList<>();
    private final Path storeDirectory;

    Devices(URI service) {
        this.service = service;
        try {
            Files.createDirectories(Path.of("target", "devices"));
            this.storeDirectory = Files.createTempDirectory(Path.of("target", "devices"), "scenario-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for the devices' stores under target/", e);
        }
    }

    /**
     * The local store of a new device: an SQLite file of its own, as an app would have. This is the one line to
     * change to run the scenarios on another store.
     */
    SyncContextDataSource newLocalStore() {
        return SqliteStore.file(storeDirectory.resolve("device-" + (clients.size() + 1) + ".db"));
    }

    /** A device without a delegate: every pushed operation just executes. */
    SyncClient device() {
        return device(null);
    }

    /** A device whose pushes go through {@code delegate} (null: none). */
    SyncClient device(SyncContextDelegate delegate) {
        return device(service, delegate);
    }

    /** A device that talks to another address of the service (a proxy in front of it, say). */
    SyncClient device(URI serviceUri, SyncContextDelegate delegate) {
        return device(serviceUri, delegate, builder -> { });
    }

    /** A device with more settings (timeouts, retries) made by {@code settings} on its builder. */
    SyncClient device(URI serviceUri, SyncContextDelegate delegate, Consumer<SyncClient.Builder> settings) {
        SyncClient.Builder builder = SyncClient.builder(serviceUri).store(newLocalStore()).delegate(delegate);
        settings.accept(builder);
        SyncClient client = builder.build();
        clients.add(client);
        return client;
    }

    /** The folder of this scenario's store files (under {@code target/devices}). */
    Path storeDirectory() {
        return storeDirectory;
    }

    @Override
    public void close() {
        clients.forEach(SyncClient::close);
        clients.clear();
    }

    /** The value of a push, pull or purge; its failure is rethrown as it is (not wrapped). */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError("the future failed with a checked exception", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a sync call", e);
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + WAIT_SECONDS + " s", e);
        }
    }

    /** Waits for a push, pull or purge that must fail, and returns its failure as {@code type}. */
    static <X extends Throwable> X awaitFailure(Class<X> type, CompletableFuture<?> future) {
        try {
            Object value = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return fail("expected " + type.getSimpleName() + " but the call completed with " + value);
        } catch (ExecutionException e) {
            return assertInstanceOf(type, unwrap(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a sync call", e);
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + WAIT_SECONDS + " s", e);
        }
    }

    /** A TodoItem as the walkthrough's app makes it. */
    static ObjectNode todo(String id, String text, boolean complete) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("text", text).put("complete", complete);
    }

    /**
     * A local row as the server sends the item: without the null fields a store adds for columns the server did
     * not send, and with the server's {@code deleted: false}, which is not kept locally.
     */
    static ObjectNode asServerSendsIt(ObjectNode localRow) {
        ObjectNode copy = localRow.deepCopy();
        List<String> nulls = new ArrayList<>();
        copy.fieldNames().forEachRemaining(name -> {
            if (copy.get(name).isNull()) {
                nulls.add(name);
            }
        });
        copy.remove(nulls);
        return copy.put("deleted", false);
    }

    private static Throwable unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
