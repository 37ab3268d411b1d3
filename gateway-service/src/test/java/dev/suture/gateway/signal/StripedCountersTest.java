package dev.suture.gateway.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StripedCountersTest {

    @Test
    void drainingWhileThreadsCountLosesAndDoublesNothing() throws InterruptedException {
        StripedCounters counters = new StripedCounters(3);
        int threads = 4;
        int perThread = 200_000;
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean counting = new AtomicBoolean(true);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < perThread; i++) {
                    counters.increment(i % 3);
                }
            });
            worker.start();
            workers.add(worker);
        }
        long[] drained = new long[3];
        Thread drainer = new Thread(() -> {
            while (counting.get()) {
                counters.drainInto(drained);
            }
        });

        drainer.start();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        counting.set(false);
        drainer.join();
        counters.drainInto(drained);

        assertThat(drained[0] + drained[1] + drained[2]).isEqualTo((long) threads * perThread);
        assertThat(drained[1]).isEqualTo(threads * (perThread / 3L + (perThread % 3 > 1 ? 1 : 0)));
    }

    @Test
    void aDrainResetsTheCounts() {
        StripedCounters counters = new StripedCounters(2);
        counters.increment(1);
        counters.increment(1);

        long[] first = new long[2];
        counters.drainInto(first);
        long[] second = new long[2];
        counters.drainInto(second);

        assertThat(first).containsExactly(0, 2);
        assertThat(second).containsExactly(0, 0);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
