package dev.offlinesync;

/**
 * A push did not complete every operation: it was aborted (network, authentication, server or store failure,
 * or cancelled by the delegate), or some operations were rejected by the server. The {@link PushResult} says
 * which; rejected operations stay queued with their {@link OperationError}s until resolved. After an abort, push
 * again once its cause is dealt with (nothing is lost: the operation that failed stays at the head of the queue);
 * after rejections, resolve the errors ({@link SyncTable#errors()}, {@link SyncContext#errors()}) and push again.
 */
public class PushFailedException extends SyncException {
    private static final long serialVersionUID = 1L;

    private final transient PushResult result;

    /**
     * A push that did not complete every operation.
     *
     * @param message what happened and what to do
     * @param result  what the push did and did not do; its abort cause becomes this exception's cause
     */
    public PushFailedException(String message, PushResult result) {
        super(message, result.abortCause());
        this.result = result;
    }

    /** {@return what the push did and did not do} */
    public PushResult result() {
        return result;
    }
}
