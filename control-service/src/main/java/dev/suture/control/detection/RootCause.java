package dev.suture.control.detection;

/** What detection believes is wrong, which decides how healing responds. */
public enum RootCause {
    /** One or some instances refuse or drop connections, or time out connecting: they are down. */
    INSTANCE_DOWN,
    /** One or some instances answer, but slower than the policy's latency threshold. */
    INSTANCE_SLOW,
    /** One or some instances answer with 5xx (or time out responding) above the error threshold. */
    INSTANCE_ERRORS,
    /** Most or all instances of the route fail: the service as a whole is failing. */
    SERVICE_FAILING,
    /** The upstream answers 401/403 above the auth failure threshold: it rejects the credentials. */
    CREDENTIALS_REJECTED,
    /** Traffic rose sharply and latency rose with it: the service is overloaded. */
    OVERLOAD
}
