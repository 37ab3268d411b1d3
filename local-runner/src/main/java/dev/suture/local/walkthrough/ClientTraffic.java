package dev.suture.local.walkthrough;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Clients sending a steady rate of requests through the gateways, taking turns over them, and counting per second
 * what they got back: answers (2xx), requests shed by a rate limit (429), and failures (any other status, or no answer
 * at all). The rate can change while it runs, which is how the walkthrough makes a burst.
 *
 * <p>Thread-safe: the scheduler thread sends, the HTTP client's threads count into per-second adders.
 */
final class ClientTraffic implements AutoCloseable {

    private static final int MAX_IN_FLIGHT = 400;

    private final List<URI> targets;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "walkthrough-traffic");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Map<Long, Tally> seconds = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();
    private volatile int ratePerSecond;
    private volatile long nextSendNanos;

    ClientTraffic(List<String> gatewayUrls, String path, int ratePerSecond, Clock clock) {
        this.targets = gatewayUrls.stream().map(url -> URI.create(url + path)).toList();
        this.clock = clock;
        this.ratePerSecond = ratePerSecond;
        this.nextSendNanos = System.nanoTime();
        scheduler.scheduleAtFixedRate(this::sendDue, 0, 5, TimeUnit.MILLISECONDS);
    }

    void rate(int perSecond) {
        ratePerSecond = perSecond;
    }

    int rate() {
        return ratePerSecond;
    }

    /** What clients got for requests sent in the given epoch second; zeros when none were sent. */
    Tally second(long epochSecond) {
        return seconds.getOrDefault(epochSecond, new Tally());
    }

    /** Totals over the seconds from {@code fromEpochSecond} to {@code toEpochSecond}, inclusive. */
    Tally total(long fromEpochSecond, long toEpochSecond) {
        Tally total = new Tally();
        for (long s = fromEpochSecond; s <= toEpochSecond; s++) {
            Tally one = second(s);
            total.ok.add(one.ok());
            total.shed.add(one.shed());
            total.failed.add(one.failed());
            one.reasons.forEach((reason, count) ->
                    total.reasons.computeIfAbsent(reason, r -> new LongAdder()).add(count.sum()));
        }
        return total;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Sends every request that is due by now, so that the rate holds even when the scheduler runs late. */
    private void sendDue() {
        long interval = 1_000_000_000L / Math.max(1, ratePerSecond);
        long now = System.nanoTime();
        if (now - nextSendNanos > 1_000_000_000L) {
            nextSendNanos = now; // paused for a second or more (a loaded machine): do not make up for it in a burst
        }
        while (nextSendNanos <= now) {
            send();
            nextSendNanos += interval;
        }
    }

    private void send() {
        long second = clock.millis() / 1000;
        Tally tally = seconds.computeIfAbsent(second, s -> new Tally());
        if (!inFlight.tryAcquire()) {
            tally.fail("client gave up: too many requests outstanding");
            return;
        }
        URI target = targets.get(Math.floorMod(turn.getAndIncrement(), targets.size()));
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            inFlight.release();
            if (failure != null) {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                tally.fail("no answer: " + cause.getClass().getSimpleName());
            } else if (response.statusCode() == 429) {
                tally.shed.increment();
            } else if (response.statusCode() >= 200 && response.statusCode() < 300) {
                tally.ok.increment();
            } else {
                tally.fail("status " + response.statusCode());
            }
        });
    }

    /** Counts of one second, or of several. */
    static final class Tally {

        private final LongAdder ok = new LongAdder();
        private final LongAdder shed = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

        private void fail(String reason) {
            failed.increment();
            reasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
        }

        /** Why requests failed, with how many each, most frequent first. */
        String failures() {
            return reasons.entrySet().stream()
                    .sorted((a, b) ->
                            Long.compare(b.getValue().sum(), a.getValue().sum()))
                    .map(e -> e.getKey() + " x" + e.getValue().sum())
                    .collect(Collectors.joining(", "));
        }

        long ok() {
            return ok.sum();
        }

        long shed() {
            return shed.sum();
        }

        long failed() {
            return failed.sum();
        }
    }
}
