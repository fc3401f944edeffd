/**
 * The home server's uplink to a cloud switchbox: one outgoing TLS tunnel that publishes the server's networks,
 * reconnects with backoff, and hands each relayed client stream to the server like an accepted connection.
 */
package org.ioswitch.server.uplink;
