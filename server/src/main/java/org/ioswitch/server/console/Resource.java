package org.ioswitch.server.console;

import java.io.IOException;

/** One part of the JSON API; {@link Guard} has checked login, CSRF and admin rights before it runs. */
interface Resource {
    /** Answers the request, or throws the refusal. */
    void handle(Request request) throws ApiException, IOException;
}
