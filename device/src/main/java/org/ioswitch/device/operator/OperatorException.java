package org.ioswitch.device.operator;

import java.io.IOException;

/** The server refused an operator request (with its reason), or the request itself is malformed (named). */
public class OperatorException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A refusal or bad request, naming device, block or signal and the reason. */
    public OperatorException(String message) {
        super(message);
    }
}
