/**
 * Pairing on the device: the trust bootstrap (ask for the organization's roots, check the server against them, keep
 * them in {@code D/trust.pem}), the pairing code shown while an admin decides, and {@code device reset}.
 */
package org.ioswitch.device.pairing;
