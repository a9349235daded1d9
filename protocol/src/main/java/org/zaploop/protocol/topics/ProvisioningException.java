package org.zaploop.protocol.topics;

/** The cluster could not be brought to hold the catalogue's topics; the message says why in plain words. */
public class ProvisioningException extends RuntimeException {

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
