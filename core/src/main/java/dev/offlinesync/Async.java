package dev.offlinesync;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** Runs blocking work on the client's executor and completes its future on the callback executor. */
final class Async {

    private final Executor executor;
    private final Executor callbacks;

    Async(Executor executor, Executor callbacks) {
        this.executor = executor;
        this.callbacks = callbacks;
    }

    <T> CompletableFuture<T> run(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture.supplyAsync(work, executor).whenComplete((value, failure) -> callbacks.execute(() -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
        }));
        return result;
    }
}
