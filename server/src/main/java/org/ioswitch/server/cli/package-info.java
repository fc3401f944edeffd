/** The {@code ioswitch server} command line: init, accounts, run. */
package org.ioswitch.server.cli;
