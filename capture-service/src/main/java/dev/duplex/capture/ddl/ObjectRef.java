package dev.duplex.capture.ddl;

/**
 * A table, view or routine as the statement names it: an optional database qualifier and the
 * object's own name, both tokens of the text.
 *
 * @param db   the qualifier, or null when the name is unqualified
 * @param name the object's name
 */
public record ObjectRef(Token db, Token name) {

    /** The database the name means: its qualifier, else {@code context} (the default or the routine's database). */
    public String database(String context) {
        return db == null ? context : db.name();
    }

    public String object() {
        return name.name();
    }

    public boolean qualified() {
        return db != null;
    }

    @Override
    public String toString() {
        return (db == null ? "" : db.name() + ".") + name.name();
    }
}
