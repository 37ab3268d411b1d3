package dev.suture.gateway.routing;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one timer that every proxied request's deadline is set on: Netty's hashed wheel, with 10 ms ticks. Setting and
 * cancelling a deadline are each a lock-free enqueue that wakes no thread; the wheel's own thread sorts them out once
 * a tick. Spring Cloud Gateway's per-request response timeout, which this
 * replaces, sets a task on a shared {@code ScheduledThreadPoolExecutor}: a lock, a heap insertion and removal, and
 * three operators per request.
 *
 * <p>A deadline fires at or up to one tick after its time, never before. The task runs on the wheel's thread and must
 * only hand the work to the request's event loop.
 */
@Component
public final class DeadlineWheel implements DisposableBean {

    /** How late a deadline may fire. */
    static final long TICK_MILLIS = 10;

    private final HashedWheelTimer wheel = new HashedWheelTimer(
            runnable -> {
                Thread thread = new Thread(runnable, "suture-deadlines");
                thread.setDaemon(true);
                return thread;
            },
            TICK_MILLIS,
            TimeUnit.MILLISECONDS,
            512);

    /** Runs {@code task} on the wheel's thread {@code delayNanos} from now, or up to a tick later. */
    Timeout schedule(TimerTask task, long delayNanos) {
        return wheel.newTimeout(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void destroy() {
        wheel.stop();
    }
}
