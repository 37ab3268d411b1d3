package dev.suture.gateway.routing;

/** Spring Cloud Gateway did not take up new routes: its refresh failed or did not finish in time. */
public final class RouteRefreshException extends Exception {

    private static final long serialVersionUID = 1L;

    RouteRefreshException(String message, Throwable cause) {
        super(message, cause);
    }

    RouteRefreshException(String message) {
        super(message);
    }
}
