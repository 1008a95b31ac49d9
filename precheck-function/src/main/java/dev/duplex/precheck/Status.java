package dev.duplex.precheck;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Outcome of one precheck item. */
public enum Status {
    /** The requirement is met. */
    PASS,
    /** A risk the user may accept by acknowledging the item's id; blocks the start until then. */
    WARN,
    /** The task would fail or lose data; must be fixed. */
    FAIL;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
