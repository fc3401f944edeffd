/**
 * Tunnel multiplexing: many relayed client streams over one connection between a switchbox and a home server's
 * uplink, with per-stream credit windows, fair scheduling and keepalive. See {@code docs/switchbox.md}.
 */
package org.ioswitch.common.tunnel;
