/**
 * The admin channel of a running server: a Unix domain socket {@code DIR/admin.sock} that only the server's OS user
 * can open, one JSON request and one JSON response per line, and the audit log {@code DIR/audit.log}.
 */
package org.ioswitch.server.admin;
