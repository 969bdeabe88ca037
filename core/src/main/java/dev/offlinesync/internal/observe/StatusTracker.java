package dev.offlinesync.internal.observe;

import dev.offlinesync.HttpStatusException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PullProgress;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.SyncStatus;
import dev.offlinesync.SyncStatus.Failure;
import dev.offlinesync.SyncStatus.FailureKind;
import dev.offlinesync.SyncStatus.PushProgress;
import dev.offlinesync.SyncStatus.Reachability;
import dev.offlinesync.TransportException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The moving parts of {@link SyncStatus}; the queue counts are read from the store when a snapshot is taken. */
final class StatusTracker {

    private boolean pushing;
    private String pushingTable;
    private final Map<String, Integer> pulling = new HashMap<>();
    private Instant lastPushAt;
    private Instant lastPullAt;
    private Failure lastFailure;
    private Reachability reachability = Reachability.UNKNOWN;
    private PushProgress pushProgress;
    private PullProgress pullProgress;

    synchronized void pushStarted(int total) {
        pushing = true;
        pushProgress = new PushProgress(0, total);
    }

    synchronized void sending(String table) {
        pushingTable = table;
    }

    synchronized void operationDone() {
        if (pushProgress != null) {
            pushProgress = new PushProgress(Math.min(pushProgress.done() + 1, pushProgress.total()),
                    pushProgress.total());
        }
    }

    synchronized void pushEnded(PushResult result) {
        pushing = false;
        pushingTable = null;
        pushProgress = null;
        Instant now = Instant.now();
        if (!result.aborted()) {
            lastPushAt = now;
        }
        if (result.aborted()) {
            String message = result.abortCause() == null ? String.valueOf(result.abortReason())
                    : result.abortCause().getMessage();
            lastFailure = new Failure(kindOf(result.abortReason()), null, message, now);
        } else if (!result.errors().isEmpty()) {
            lastFailure = new Failure(FailureKind.REJECTED, null, result.errors().size()
                    + " operation(s) rejected by the server and parked", now);
        }
    }

    synchronized void pullStarted(String table) {
        pulling.merge(table, 1, Integer::sum);
    }

    synchronized void pageApplied(PullProgress progress) {
        pullProgress = progress;
    }

    synchronized void pullEnded(String table, RuntimeException failure) {
        pulling.computeIfPresent(table, (t, n) -> n == 1 ? null : n - 1);
        if (pullProgress != null && pullProgress.table().equals(table) && !pulling.containsKey(table)) {
            pullProgress = null;
        }
        if (failure == null) {
            lastPullAt = Instant.now();
        } else {
            lastFailure = new Failure(kindOf(failure), table, failure.getMessage(), Instant.now());
        }
    }

    /** Returns whether reachability changed. */
    synchronized boolean answered(boolean answer) {
        Reachability now = answer ? Reachability.REACHABLE : Reachability.UNREACHABLE;
        boolean changed = now != reachability;
        reachability = now;
        return changed;
    }

    synchronized SyncStatus snapshot(long pending, long parked) {
        return new SyncStatus(pushing, pushingTable, pulling.keySet(), pending, parked, lastPushAt, lastPullAt,
                lastFailure, reachability, pushProgress, pullProgress);
    }

    static FailureKind kindOf(RuntimeException failure) {
        if (failure instanceof PushFailedException push && push.result() != null) {
            PushResult result = push.result();
            return result.aborted() ? kindOf(result.abortReason()) : FailureKind.REJECTED;
        }
        if (failure instanceof TransportException) {
            return FailureKind.NETWORK;
        }
        if (failure instanceof HttpStatusException http) {
            int status = http.status();
            return status == 401 || status == 403 || status == 407 ? FailureKind.AUTHENTICATION : FailureKind.SERVER;
        }
        if (failure instanceof ProtocolException) {
            return FailureKind.PROTOCOL;
        }
        if (failure instanceof StoreException) {
            return FailureKind.STORE;
        }
        return FailureKind.OTHER;
    }

    private static FailureKind kindOf(PushResult.AbortReason reason) {
        return switch (reason) {
            case NETWORK -> FailureKind.NETWORK;
            case AUTHENTICATION -> FailureKind.AUTHENTICATION;
            case SERVER -> FailureKind.SERVER;
            case STORE -> FailureKind.STORE;
            case CANCELLED -> FailureKind.CANCELLED;
        };
    }
}
