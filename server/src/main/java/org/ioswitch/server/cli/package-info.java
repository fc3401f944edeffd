/** The {@code ioswitch server} command line: init, accounts, run, devices, approve, reject, pairing. */
package org.ioswitch.server.cli;
