package dev.suture.gateway.routing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Makes Spring Cloud Gateway match against the routes of the table in force, and waits until it does.
 *
 * <p>In gateway-server-webflux 5.0.x the {@code CachingRouteLocator} handles a {@link RefreshRoutesEvent} by
 * fetching every route locator's routes, collecting them, storing the list in its cache and only then publishing a
 * {@link RefreshRoutesResultEvent} (carrying the error if the fetch failed). Until that moment requests match the old
 * cached list. The result event says nothing about which refresh it answers, so a success only counts once
 * {@link SutureRouteLocator} has handed out the awaited generation.
 *
 * <p>Only the snapshot applier calls {@link #refreshAndAwait}, one call at a time; the lock only orders the hand-over
 * of the waiter between the applier and the thread that publishes the result (the same thread today, because our
 * route source is synchronous, but nothing in the contract promises that).
 */
@Component
public final class RouteRefresher implements ApplicationListener<RefreshRoutesResultEvent> {

    private final ApplicationEventPublisher publisher;
    private final SutureRouteLocator locator;
    private final Object lock = new Object();

    // Guarded by lock.
    private @Nullable Waiter waiter;

    public RouteRefresher(ApplicationEventPublisher publisher, SutureRouteLocator locator) {
        this.publisher = publisher;
        this.locator = locator;
    }

    /** Refreshes the gateway's routes and returns once requests match the routes of {@code generation}. */
    public void refreshAndAwait(long generation, Duration timeout) throws RouteRefreshException {
        CompletableFuture<Void> active = new CompletableFuture<>();
        synchronized (lock) {
            waiter = new Waiter(generation, active);
        }
        try {
            publisher.publishEvent(new RefreshRoutesEvent(this));
            active.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RouteRefreshException(
                    "route refresh failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new RouteRefreshException("routes were not active after " + timeout.toMillis() + "ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouteRefreshException("interrupted while waiting for the route refresh", e);
        } finally {
            synchronized (lock) {
                waiter = null;
            }
        }
    }

    /** Asks for a refresh without waiting; used to restore the previous routes after a failed refresh. */
    public void refresh() {
        publisher.publishEvent(new RefreshRoutesEvent(this));
    }

    @Override
    public void onApplicationEvent(RefreshRoutesResultEvent event) {
        Waiter current;
        synchronized (lock) {
            current = waiter;
        }
        if (current == null) {
            return;
        }
        if (!event.isSuccess()) {
            current.active().completeExceptionally(event.getThrowable());
        } else if (locator.servedGeneration() == current.generation()) {
            current.active().complete(null);
        }
    }

    private record Waiter(long generation, CompletableFuture<Void> active) {}
}
