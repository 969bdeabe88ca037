package dev.offlinesync.examples.todo;

import dev.offlinesync.Filter;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.SyncClient;
import dev.offlinesync.Subscription;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncStatus;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TransportException;
import dev.offlinesync.examples.todo.ConflictResolver.Conflict;
import dev.offlinesync.examples.todo.ConflictResolver.Resolution;
import dev.offlinesync.spi.SyncContextDataSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * What the Todo app does, without any UI: the local {@code TodoItem} sync table, refresh (pull with implicit
 * push), conflict handling through a {@link ConflictResolver}, and the status line's text. The Swing frame only
 * shows this object's state and forwards a person's actions to it.
 *
 * <p>Local calls ({@link #add}, {@link #save}, {@link #delete}, {@link #openItems}) are synchronous. A
 * {@link #refresh()} runs on the sync client's threads and completes on the callback executor given to the
 * constructor (the Swing app gives {@code SwingUtilities::invokeLater}); change listeners run there too. The status
 * line comes from the client's {@link SyncStatus}, and listeners are the client's table change and status
 * listeners.
 */
public final class TodoController implements AutoCloseable {

    /** The server table of the walkthrough. */
    public static final String TABLE = "TodoItem";
    /** The incremental pull's id: the delta token of {@link #PULLED} is kept under this name. */
    public static final String QUERY_ID = "open-todos";
    /**
     * What a refresh pulls: the incomplete items. (A pull query carries no order: the engine pages by its own
     * {@code (updatedAt, id)} cursor; the order is for reading locally.)
     */
    public static final Query PULLED = Query.all().where(Filter.eq("complete", false));
    /** What the list shows: the incomplete items in the local table, ordered by text. */
    public static final Query OPEN_ITEMS = PULLED.orderBy("text");

    private static final System.Logger LOG = System.getLogger(TodoController.class.getName());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final SyncClient client;
    private final SyncTable<TodoItem> table;
    private final Clock clock;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile ConflictResolver resolver = conflict -> Resolution.CANCEL;
    /** A failed local action, and when: shown until a later sync goes through. */
    private volatile String localProblem;
    private volatile Instant localProblemAt;

    /**
     * @param service   the table service's root URI
     * @param token     sent as {@code X-ZUMO-AUTH} (App Service authentication), or {@code null}
     * @param store     the local store; the controller closes it
     * @param callbacks where refresh results and change notifications are delivered
     */
    public TodoController(URI service, String token, SyncContextDataSource store, Executor callbacks, Clock clock) {
        this(service, ProtocolDialect.MOBILE_APPS, null, token, store, callbacks, clock);
    }

    /**
     * @param service        the table service's root URI
     * @param dialect        the protocol the service speaks
     * @param applicationKey the Mobile Services application key, or {@code null}
     * @param token          sent as {@code X-ZUMO-AUTH} (App Service authentication), or {@code null}
     * @param store          the local store; the controller closes it
     * @param callbacks      where refresh results and change notifications are delivered
     */
    public TodoController(URI service, ProtocolDialect dialect, String applicationKey, String token,
                          SyncContextDataSource store, Executor callbacks, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        SyncClient.Builder builder = SyncClient.builder(service)
                .dialect(dialect)
                .applicationKey(applicationKey)
                .store(store)
                .callbackExecutor(callbacks)
                .connectTimeout(Duration.ofSeconds(5));
        if (token != null && !token.isBlank()) {
            builder.zumoAuthToken(() -> token);
        }
        this.client = builder.build();
        this.table = client.table(TABLE, TodoItem.class);
        table.onConflict(this::resolve);
    }

    /** Who answers "Server Conflict" (default: cancel, keeping the change queued). */
    public void setConflictResolver(ConflictResolver conflictResolver) {
        this.resolver = Objects.requireNonNull(conflictResolver, "conflictResolver");
    }

    /**
     * Called, on the callback executor, after every committed change to the table (local or pulled) and whenever
     * the sync status changes (a refresh starts or ends, the queue changes); bursts are merged.
     */
    public void addChangeListener(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        subscriptions.add(table.addChangeListener(change -> listener.run()));
        subscriptions.add(client.syncContext().addStatusListener(status -> listener.run()));
    }

    /** The incomplete items in the local table, ordered by text. */
    public List<TodoItem> openItems() {
        return table.read(OPEN_ITEMS).items();
    }

    public Optional<TodoItem> find(String id) {
        return table.lookup(id);
    }

    /** Inserts a new incomplete item locally and queues it; blank text is refused. */
    public TodoItem add(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("A todo item needs some text");
        }
        return table.insert(TodoItem.of(trimmed));
    }

    /** Writes an edited item (text and complete flag) locally and queues the change. */
    public TodoItem save(TodoItem item) {
        if (item.text() == null || item.text().isBlank()) {
            throw new IllegalArgumentException("A todo item needs some text");
        }
        return table.update(item.withText(item.text().strip()));
    }

    /** Deletes an item locally and queues the delete. */
    public void delete(String id) {
        table.deleteById(id);
    }

    /**
     * Pull with implicit push: pending changes go to the server first (conflicts are asked about through the
     * resolver), then the server's open items come down incrementally. Completes, on the callback executor,
     * with {@code true} when the sync went through and {@code false} when it did not (the status says why;
     * local changes stay queued). Never completes exceptionally.
     */
    public CompletableFuture<Boolean> refresh() {
        CompletableFuture<PullResult> pull;
        try {
            pull = table.pull(PULLED, QUERY_ID);
        } catch (SyncException e) {
            pull = CompletableFuture.failedFuture(e);
        }
        return pull.handle((result, failure) -> {
            if (failure == null) {
                LOG.log(System.Logger.Level.INFO, "synced: {0} received, {1} pending",
                        result.received(), pendingCount());
            } else {
                Throwable cause = unwrap(failure);
                LOG.log(System.Logger.Level.WARNING, "sync failed: " + describe(cause), cause);
            }
            return failure == null;
        });
    }

    /**
     * Records a failed local action (for example a store failure while saving) for the status line. The
     * caller has shown nothing else; the cause is logged.
     */
    public void reportLocalFailure(String what, RuntimeException cause) {
        localProblem = what + ": " + cause.getMessage();
        localProblemAt = Instant.now();
        LOG.log(System.Logger.Level.WARNING, localProblem, cause);
    }

    /** How many local changes wait to be pushed. */
    public long pendingCount() {
        return client.syncContext().pendingOperationCount();
    }

    /** The ids of the items with changes not yet accepted by the server (the list marks them). */
    public Set<String> unsentIds() {
        return client.syncContext().pendingOperations().stream().map(PendingOperation::itemId)
                .collect(Collectors.toSet());
    }

    /** Whether the last sync (or local action) failed; {@link #statusText()} says how. */
    public boolean hasProblem() {
        SyncStatus status = client.syncContext().status();
        return !status.busy() && problem(status) != null;
    }

    public boolean syncing() {
        return client.syncContext().status().busy();
    }

    /** When the last refresh went through, or {@code null}. */
    public Instant lastSync() {
        return client.syncContext().status().lastPullAt();
    }

    /**
     * What went wrong since the last sync that went through: a failed push or pull, or a failed local action;
     * {@code null} when nothing did.
     */
    private String problem(SyncStatus status) {
        Instant synced = status.lastPullAt();
        String local = localProblem;
        if (local != null && (synced == null || localProblemAt.isAfter(synced))) {
            return local;
        }
        SyncStatus.Failure failure = status.lastFailure();
        if (failure == null || synced != null && !failure.at().isAfter(synced)) {
            return null;
        }
        return describe(failure, status.parkedOperations());
    }

    /**
     * The status line, e.g. {@code "2 pending · last sync 14:03:05"} or
     * {@code "Server unreachable: changes kept (3 pending) · last sync never"}.
     */
    public String statusText() {
        SyncStatus status = client.syncContext().status();
        long pending = status.pendingOperations();
        Instant last = status.lastPullAt();
        String when = "last sync " + (last == null ? "never" : TIME.format(last.atZone(clock.getZone())));
        if (status.busy()) {
            return "Syncing… (" + pending + " pending) · " + when;
        }
        String trouble = problem(status);
        if (trouble != null) {
            boolean kept = !trouble.equals(localProblem) && status.lastFailure().kind() != SyncStatus.FailureKind.STORE;
            return trouble + (kept ? ": changes kept (" + pending + " pending)" : " (" + pending + " pending)")
                    + " · " + when;
        }
        return pending + " pending · " + when;
    }

    /** Closes the sync client and its store. */
    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        client.close();
    }

    /** A failed push or pull of the status in plain words. */
    static String describe(SyncStatus.Failure failure, long parked) {
        return switch (failure.kind()) {
            case NETWORK -> "Server unreachable";
            case CANCELLED -> "Sync cancelled";
            case AUTHENTICATION -> "The server refused the token (check --token)";
            case SERVER -> "The server failed (" + failure.message() + ")";
            case PROTOCOL -> "The server answered something unusable (" + failure.message() + ")";
            case STORE -> "Local storage failed (" + failure.message() + ")";
            case REJECTED -> "The server rejected " + parked + (parked == 1 ? " change" : " changes");
            case OTHER -> "Sync failed (" + failure.message() + ")";
        };
    }

    /** A sync failure in plain words (what happened, not how); the status line adds what was kept. */
    static String describe(Throwable failure) {
        if (failure instanceof PushFailedException pushFailed) {
            PushResult result = pushFailed.result();
            if (result.abortReason() != null) {
                return switch (result.abortReason()) {
                    case NETWORK -> "Server unreachable";
                    case CANCELLED -> "Sync cancelled";
                    case AUTHENTICATION -> "The server refused the token (check --token)";
                    case SERVER -> "The server failed" + detail(result.abortCause());
                    case STORE -> "Local storage failed" + detail(result.abortCause());
                };
            }
            List<OperationError> errors = result.errors();
            return "The server rejected " + errors.size() + (errors.size() == 1 ? " change" : " changes")
                    + " (HTTP " + errors.get(0).status() + ")";
        }
        if (failure instanceof TransportException) {
            return "Server unreachable";
        }
        if (failure instanceof NoSuchTableException) {
            return "The server has no table " + TABLE;
        }
        if (failure instanceof HttpStatusException status) {
            if (status.status() == 401 || status.status() == 403) {
                return "The server refused the token (check --token)";
            }
            return "The server answered HTTP " + status.status();
        }
        if (failure instanceof ProtocolException) {
            return "The server answered something unusable" + detail(failure);
        }
        if (failure instanceof StoreException) {
            return "Local storage failed" + detail(failure);
        }
        return "Sync failed" + detail(failure);
    }

    private static String detail(Throwable failure) {
        return failure == null || failure.getMessage() == null ? "" : " (" + failure.getMessage() + ")";
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * The walkthrough's answer to a conflict: ask the resolver; the library sends the chosen item with the
     * server's version and asks again when the server rejects it once more.
     */
    private dev.offlinesync.Conflict.Resolution resolve(dev.offlinesync.Conflict<TodoItem> conflict) {
        Resolution answer = resolver.resolve(new Conflict(conflict.client(), conflict.server(),
                conflict.kind() == OperationKind.DELETE, conflict.attempt()));
        LOG.log(System.Logger.Level.INFO, "conflict on {0} (HTTP {1}): {2}", conflict.itemId(), conflict.status(),
                answer);
        if (answer != Resolution.CANCEL && conflict.server() == null) {
            LOG.log(System.Logger.Level.WARNING, "{0} needs the server''s item, which the server did not send; the"
                    + " change stays queued", answer);
            return conflict.cancel();
        }
        return switch (answer) {
            case USE_CLIENT -> conflict.useClient();
            case USE_SERVER -> conflict.useServer();
            case CANCEL -> conflict.cancel();
        };
    }
}
