package dev.suture.demo;

/** A fault request the instance cannot apply; the message names the parameter and the bad value. Answered 400. */
public final class InvalidFaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidFaultException(String message) {
        super(message);
    }
}
