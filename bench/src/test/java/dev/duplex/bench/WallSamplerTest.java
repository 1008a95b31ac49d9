package dev.duplex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WallSamplerTest {

    @Test
    void shouldTakeNoStackSampleWhileALatencyWindowIsOpenOrNoWindowIs() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread apply = Thread.ofPlatform().name("poller-a2b").start(() -> {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        WallSampler sampler = new WallSampler();
        sampler.start();
        try {
            Thread.sleep(150);
            assertEquals(List.of(), sampler.summary(8), "no window open: no sample");
            sampler.reset(false);
            Thread.sleep(150);
            assertEquals(List.of(), sampler.summary(8), "a latency window: no sample");
            sampler.reset(true);
            Thread.sleep(150);
            List<String> sampled = sampler.summary(8);
            assertFalse(sampled.isEmpty(), "a throughput window samples the apply thread");
            sampler.pause();
            sampler.reset(false);
            Thread.sleep(150);
            assertEquals(List.of(), sampler.summary(8), "paused after the window");
        } finally {
            sampler.stopAndAwait();
            done.countDown();
            apply.join();
        }
    }
}
