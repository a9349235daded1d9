package org.zaploop.launcher.broker;

/** The embedded broker could not start or stop; the message says why in plain words. */
public class BrokerException extends RuntimeException {

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
