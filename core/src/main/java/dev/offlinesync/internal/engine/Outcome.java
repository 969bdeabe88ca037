package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.OperationError.Reason;
import dev.offlinesync.OperationKind;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.SyncException;
import dev.offlinesync.TransportException;
import dev.offlinesync.internal.protocol.ListQuery;
import java.util.Map;

/**
 * What happened to one pushed operation, and how a delegate's call is classified into it.
 *
 * @param serverRow   the server's item as a row on success (null for a delete, or an answer without item)
 * @param failure     the failure, or null on success
 * @param abortReason set when the push must stop
 * @param reason      set when the operation is parked with an error
 */
record Outcome(Map<String, Object> serverRow, SyncException failure, AbortReason abortReason, Reason reason) {

    private static final System.Logger LOG = System.getLogger(Outcome.class.getName());

    /** Runs the operation through the delegate, with no lock held, and classifies what happened. */
    static Outcome send(EngineParts engine, PushOperation operation) {
        try {
            ObjectNode result = engine.delegate.onOperation(operation);
            return new Outcome(answerRow(engine, operation, result), null, null, null);
        } catch (ConflictException e) {
            return new Outcome(null, e, null, Reason.CONFLICT);
        } catch (NoSuchTableException e) {
            return new Outcome(null, e, null, Reason.NO_SUCH_TABLE);
        } catch (HttpStatusException e) {
            int status = e.status();
            if (status == 401 || status == 403 || status == 407) {
                return new Outcome(null, e, AbortReason.AUTHENTICATION, null);
            }
            if (status == 408 || status == 429 || status < 400) {
                return new Outcome(null, e, AbortReason.SERVER, null);
            }
            if (operation.saysGone(e) && operation.kind() != OperationKind.DELETE) {
                return new Outcome(null, e, null, Reason.DELETED_ON_SERVER);
            }
            return new Outcome(null, e, null, status >= 500 ? Reason.SERVER_FAILURE : Reason.REJECTED);
        } catch (TransportException e) {
            return new Outcome(null, e, AbortReason.NETWORK, null);
        } catch (ProtocolException e) {
            return new Outcome(null, e, null, Reason.BAD_ANSWER);
        } catch (StoreException e) {
            return new Outcome(null, e, AbortReason.STORE, null);
        } catch (SyncException e) {
            return new Outcome(null, e, null, Reason.REJECTED);
        } catch (RuntimeException e) {
            return new Outcome(null, new SyncException("The delegate failed on " + operation.kind() + " of '"
                    + operation.itemId() + "' in " + operation.table() + ": " + e + ". The operation is parked with this"
                    + " error: fix the delegate, then push again or resolve it from the table's errors", e), null,
                    Reason.REJECTED);
        }
    }

    /**
     * The server's answer as the row to keep, checked against the operation first: it must be about the
     * operation's item. A sent delete answers nothing to apply; an item a delegate returns for a delete (a conflict
     * resolved with the server's item) becomes the local row again, unless it is marked deleted.
     */
    private static Map<String, Object> answerRow(EngineParts engine, PushOperation operation, ObjectNode answer) {
        if (answer == null) {
            return null;
        }
        String id = answer.path("id").isTextual() ? answer.get("id").textValue() : null;
        if (!operation.itemId().equals(id)) {
            throw new ProtocolException("The server answered the " + operation.kind() + " of '" + operation.itemId()
                    + "' in " + operation.table() + " with another item (id " + (id == null ? "missing" : "'" + id + "'")
                    + "): nothing of it was applied and the operation stays queued; check the server or proxy");
        }
        if (answer.path("deleted").asBoolean(false)) {
            return null;
        }
        return engine.serverRow(answer, engine.table(operation.table()));
    }

    /**
     * After a 5xx that persisted through the retries: a probe tells a poison operation (the server answers other
     * requests) from an outage (it fails those too).
     */
    static boolean serverAnswersOthers(EngineParts engine, PushOperation operation) {
        try {
            engine.client.list(operation.table(), ListQuery.probe(), engine.table(operation.table())::typeOf);
            return true;
        } catch (SyncException e) {
            LOG.log(System.Logger.Level.DEBUG, "the server fails a probe too: an outage", e);
            return false;
        }
    }
}
