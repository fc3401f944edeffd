/**
 * Metrics in the Prometheus text format: a small writer, the JVM's and the TLS material's own figures, and the
 * {@code /metrics} endpoint with its access rule (open on loopback, a bearer token otherwise) that the home server's
 * console and the switchbox's metrics listener share.
 */
package org.ioswitch.common.metrics;
