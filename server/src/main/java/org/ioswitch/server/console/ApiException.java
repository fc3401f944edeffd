package org.ioswitch.server.console;

/** A request the API refuses: the HTTP status, what was wrong, and the field it was wrong in (or null). */
final class ApiException extends Exception {
    private final int status;
    private final String field;

    ApiException(int status, String message) {
        this(status, message, null);
    }

    ApiException(int status, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
