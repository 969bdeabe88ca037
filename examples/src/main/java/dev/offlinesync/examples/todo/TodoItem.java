package dev.offlinesync.examples.todo;

/**
 * A row of the walkthrough's {@code TodoItem} table as the app uses it. The system columns ({@code version},
 * {@code updatedAt}, ...) are not part of the record: an update leaves them as stored, so the engine sends the
 * right version to the server.
 *
 * @param id       the item's id (a UUID made on the client); {@code null} before the first insert
 * @param text     what to do
 * @param complete done; complete items leave the list
 */
public record TodoItem(String id, String text, boolean complete) {

    /** A new, incomplete item; the store gives it an id. */
    public static TodoItem of(String text) {
        return new TodoItem(null, text, false);
    }

    public TodoItem withText(String newText) {
        return new TodoItem(id, newText, complete);
    }

    public TodoItem withComplete(boolean done) {
        return new TodoItem(id, text, done);
    }
}
