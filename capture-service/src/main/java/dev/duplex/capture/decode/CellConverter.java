package dev.duplex.capture.decode;

import dev.duplex.core.model.Value;
import java.io.Serializable;

/** Turns one non-null cell, as the binlog reader produced it, into its exact {@link Value}. */
@FunctionalInterface
public interface CellConverter {
    Value convert(ColumnSchema column, Serializable raw) throws Exception;
}
