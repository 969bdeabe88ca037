package dev.offlinesync.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The fault injection state of a {@link FakeTableService}: the fail-next counter, the list-failure countdown
 * and the interceptor, consulted in that order; and the log of the requests received. Thread-safe.
 */
final class FaultRules {

    private int failNextCount;
    private int failNextStatus;
    private int listOkBeforeFailure = -1;
    private int listFailureStatus;
    private volatile Function<RecordedRequest, FakeResponse> interceptor;
    private final List<RecordedRequest> requests = new ArrayList<>();

    void record(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
    }

    List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    synchronized void failNext(int count, int status) {
        FakeResponse.requireStatus(status);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        failNextCount = count;
        failNextStatus = status;
    }

    synchronized void failListAfter(int okRequests, int status) {
        FakeResponse.requireStatus(status);
        if (okRequests < 0) {
            throw new IllegalArgumentException("okRequests must be >= 0, was " + okRequests);
        }
        listOkBeforeFailure = okRequests;
        listFailureStatus = status;
    }

    void intercept(Function<RecordedRequest, FakeResponse> hook) {
        interceptor = hook;
    }

    synchronized void clear() {
        failNextCount = 0;
        listOkBeforeFailure = -1;
        interceptor = null;
    }

    /** The canned answer for this request, or {@code null} to handle it normally. */
    FakeResponse answer(RecordedRequest request) {
        synchronized (this) {
            if (failNextCount > 0) {
                failNextCount--;
                return FakeResponse.error(failNextStatus, "Injected failure");
            }
            if (listOkBeforeFailure >= 0 && request.isList()) {
                if (listOkBeforeFailure == 0) {
                    listOkBeforeFailure = -1;
                    return FakeResponse.error(listFailureStatus, "Injected failure");
                }
                listOkBeforeFailure--;
            }
        }
        Function<RecordedRequest, FakeResponse> hook = interceptor;
        return hook == null ? null : hook.apply(request);
    }
}
