package dev.suture.control.detection;

import dev.suture.control.signal.RouteWindow;
import dev.suture.control.signal.SignalWindows;
import dev.suture.control.signal.WindowCounts;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The windows one evaluation of one route reads, each read once: rules that share a length share the counts, and
 * every rule sees the same instant. Not thread-safe; lives for one route of one tick.
 */
final class Windows {

    private final SignalWindows signals;
    private final String routeId;
    private final long endSecond;
    private final Map<Span, RouteWindow> read = new HashMap<>();

    Windows(SignalWindows signals, String routeId, long endSecond) {
        this.signals = signals;
        this.routeId = routeId;
        this.endSecond = endSecond;
    }

    /** The last {@code seconds} whole seconds before the evaluation's second. */
    RouteWindow of(int seconds) {
        return before(0, seconds);
    }

    /** The {@code seconds} whole seconds ending {@code secondsBack} before the evaluation's second. */
    RouteWindow before(int secondsBack, int seconds) {
        long end = endSecond - secondsBack;
        return read.computeIfAbsent(new Span(end, seconds), span -> signals.window(routeId, end, seconds));
    }

    /** The epoch second that the last {@code seconds} whole seconds start at. */
    long start(int seconds) {
        return endSecond - seconds;
    }

    /**
     * The earliest of the last {@code seconds} whole seconds in which the counts satisfied {@code bad}: the route's
     * counts when {@code url} is null, else that instance's.
     */
    OptionalLong firstSecond(@Nullable String url, int seconds, Predicate<WindowCounts> bad) {
        return signals.firstSecond(routeId, url, endSecond, seconds, bad);
    }

    /** Like {@link #firstSecond}, or the window's first second when no single second shows it. */
    long onset(@Nullable String url, int seconds, Predicate<WindowCounts> bad) {
        return firstSecond(url, seconds, bad).orElse(start(seconds));
    }

    private record Span(long endSecond, int seconds) {}
}
