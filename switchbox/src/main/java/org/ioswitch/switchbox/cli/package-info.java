/** {@code ioswitch switchbox}: init, accounts add, run. */
package org.ioswitch.switchbox.cli;
