package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.store.Lease;
import dev.duplex.core.store.LeaseStore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadRuntimeLeasesTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    /** Leases by node, expired by setting the time to just before now, as DynamoLeaseStore does. */
    private static final class Leases implements LeaseStore {
        final Map<String, Lease> held = new HashMap<>();

        @Override
        public Optional<Lease> tryAcquire(String task, String node, String owner, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Lease renew(Lease lease, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(Lease lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean expire(Lease lease) {
            held.put(lease.node(), new Lease(lease.task(), lease.node(), lease.owner(), lease.token(),
                    NOW.minusMillis(1)));
            return true;
        }

        @Override
        public Optional<Lease> current(String task, String node) {
            return Optional.ofNullable(held.get(node)).filter(l -> l.task().equals(task));
        }
    }

    @Test
    void shouldEndOnlyTheLiveLeasesOfTheDeadProcessOnThisHost() {
        Leases leases = new Leases();
        leases.held.put("a", new Lease("t", "a", "4242@host-1:0a1b2c3d", 7, NOW.plusSeconds(10)));
        leases.held.put("b", new Lease("t", "b", "42421@host-1:9f8e7d6c", 3, NOW.plusSeconds(10)));

        assertEquals(1, DeadRuntimeLeases.expire(leases, "t", 4242, "host-1", NOW));
        Lease a = leases.current("t", "a").orElseThrow();
        assertTrue(a.expiresAt().isBefore(NOW), "the dead process's lease ends now");
        assertEquals(7, a.token(), "its token stays, so the next holder's is higher");
        assertEquals(NOW.plusSeconds(10), leases.current("t", "b").orElseThrow().expiresAt(),
                "another process's lease (pid 42421, not 4242) is left alone");

        leases.held.put("a", new Lease("t", "a", "4242@host-2:0a1b2c3d", 8, NOW.plusSeconds(10)));
        assertEquals(0, DeadRuntimeLeases.expire(leases, "t", 4242, "host-1", NOW), "the same pid on another host");
        assertEquals(0, DeadRuntimeLeases.expire(leases, "other-task", 4242, "host-2", NOW), "another task's");
    }

    @Test
    void shouldNameThisHostAsACapturesLeaseOwnerDoes() {
        String host = DeadRuntimeLeases.thisHost();
        assertTrue(!host.isEmpty() && !host.contains("@"), host);
        assertEquals(ProcessHandle.current().pid() + "@" + host,
                ManagementFactory.getRuntimeMXBean().getName());
    }
}
