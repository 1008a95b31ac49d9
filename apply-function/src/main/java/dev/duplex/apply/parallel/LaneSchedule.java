package dev.duplex.apply.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Which lanes of a unit may start: those whose earlier lanes (the ones they wait for) all
 * committed, lowest number first so that earlier segments go before later ones. Used by the one
 * thread that hands lanes to the pool.
 */
final class LaneSchedule {
    private final int[] pending;
    private final List<List<Integer>> dependents = new ArrayList<>();
    private final PriorityQueue<Integer> ready = new PriorityQueue<>();

    /** @param waits for each lane, the earlier lanes it waits for */
    LaneSchedule(List<Set<Integer>> waits) {
        pending = new int[waits.size()];
        for (int lane = 0; lane < waits.size(); lane++) {
            dependents.add(new ArrayList<>());
        }
        for (int lane = 0; lane < waits.size(); lane++) {
            for (int before : waits.get(lane)) {
                if (before >= lane) {
                    throw new IllegalArgumentException("lane " + lane + " waits for a later lane " + before);
                }
                dependents.get(before).add(lane);
            }
            pending[lane] = waits.get(lane).size();
            if (pending[lane] == 0) {
                ready.add(lane);
            }
        }
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** The next lane that may start. */
    int take() {
        return ready.remove();
    }

    /** Lane {@code lane} committed: the lanes that waited only for it (among those left) may start. */
    void committed(int lane) {
        for (int after : dependents.get(lane)) {
            if (--pending[after] == 0) {
                ready.add(after);
            }
        }
    }
}
