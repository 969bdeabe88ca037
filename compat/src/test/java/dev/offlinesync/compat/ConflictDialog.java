package dev.offlinesync.compat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.TableOperation;

/**
 * The walkthrough's conflict handling as a delegate: on a conflict it "asks the user" <i>Server Conflict — How do
 * you want to resolve the conflict?</i> and acts on the answer, asking again while the server keeps rejecting.
 * The answer is given in advance; each question is recorded.
 */
final class ConflictDialog implements SyncContextDelegate {

    /** The dialog's buttons. */
    enum Answer {
        /** Copy the server's version into the local item and execute again: the client's values win. */
        USE_CLIENT,
        /** Complete the operation with the server's item: the local row becomes the server's. */
        USE_SERVER,
        /** Cancel the push: the operation stays queued. */
        CANCEL
    }

    /** A user gives up after this many rounds of the same conflict (the server keeps changing the item). */
    private static final int MAX_ROUNDS = 5;

    private final List<ConflictException> questions = new CopyOnWriteArrayList<>();
    private volatile Answer answer;

    ConflictDialog(Answer answer) {
        this.answer = answer;
    }

    /** The answer to the next questions. */
    void answer(Answer next) {
        this.answer = next;
    }

    /** The conflicts the dialog was shown for, in order. */
    List<ConflictException> questions() {
        return List.copyOf(questions);
    }

    @Override
    public ObjectNode onOperation(TableOperation operation) {
        for (int round = 1; ; round++) {
            try {
                return operation.execute();
            } catch (ConflictException conflict) {
                questions.add(conflict);
                if (round == MAX_ROUNDS) {
                    throw conflict;
                }
                switch (answer) {
                    case USE_CLIENT -> {
                        ObjectNode mine = operation.item();
                        mine.put("version", conflict.serverVersion());
                        operation.setItem(mine);
                    }
                    case USE_SERVER -> {
                        return conflict.serverItem();
                    }
                    case CANCEL -> {
                        operation.cancelPush();
                        throw conflict;
                    }
                }
            }
        }
    }
}
