/**
 * Pairing on the home server: the pairing window, pending devices with their pairing codes, approval and rejection,
 * and stable device numbers. State lives in {@code DIR/pairing.json}, written atomically on every change.
 */
package org.ioswitch.server.pairing;
