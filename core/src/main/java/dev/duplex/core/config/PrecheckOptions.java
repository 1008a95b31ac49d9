package dev.duplex.core.config;

import java.util.List;

/**
 * Precheck settings of a task.
 *
 * @param acknowledge ids of precheck warnings the user has reviewed and accepts (the
 *                    reference's "ignore alert"); a warning that can be ignored no longer blocks
 *                    the start once its id is here. Failures cannot be acknowledged.
 */
public record PrecheckOptions(List<String> acknowledge) {

    public PrecheckOptions {
        acknowledge = acknowledge == null ? List.of() : List.copyOf(acknowledge);
    }

    public static PrecheckOptions none() {
        return new PrecheckOptions(List.of());
    }
}
