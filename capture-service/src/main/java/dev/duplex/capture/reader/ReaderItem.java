package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.Event;
import dev.duplex.core.error.DuplexException;

/** What the reader hands downstream, in binlog order; a {@link Failure} or {@link Ended} is always last. */
public sealed interface ReaderItem {

    /** One binlog event. */
    record Received(Event event) implements ReaderItem {}

    /** Reading stopped because of this error. */
    record Failure(DuplexException error) implements ReaderItem {}

    /** Reading stopped because it was asked to. */
    record Ended() implements ReaderItem {}
}
