/**
 * Routing: the tunnel registry (which tunnel serves which network), publishers that claim networks, and clients
 * relayed as streams through the tunnel of the network they name.
 */
package org.ioswitch.switchbox.route;
