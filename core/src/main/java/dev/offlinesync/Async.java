package dev.offlinesync;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs blocking work on the client's executor and completes its future on the callback executor.
 *
 * <p>Callbacks cannot deadlock: a callback (running on the callback executor) that blocks on another sync future
 * with {@code join()} or {@code get()} waits for the work itself, which never needs the callback executor, rather
 * than for the delivery of its result, which would wait for the very thread that is blocked.
 */
final class Async {

    private final Executor executor;
    private final Executor callbacks;

    Async(Executor executor, Executor callbacks) {
        this.executor = executor;
        this.callbacks = callbacks;
    }

    <T> CompletableFuture<T> run(Supplier<T> work) {
        CompletableFuture<T> done = CompletableFuture.supplyAsync(work, executor);
        Delivered<T> result = new Delivered<>(done);
        done.whenComplete((value, failure) -> callbacks.execute(() -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
        }));
        return result;
    }

    /** A result delivered on the callback executor, whose blocking getters wait for the work itself. */
    private static final class Delivered<T> extends CompletableFuture<T> {

        private final CompletableFuture<T> done;

        Delivered(CompletableFuture<T> done) {
            this.done = done;
        }

        @Override
        public T join() {
            return done.join();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            return done.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return done.get(timeout, unit);
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
