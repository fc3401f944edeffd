/**
 * The home server's listeners and per-connection sessions: TLS accept, hello and authentication against the
 * accounts, then a device session (announce, publish UP blocks, receive DOWN blocks) or an operator session (list,
 * subscribe, write) on a {@link org.ioswitch.common.link.Link}.
 */
package org.ioswitch.server.session;
