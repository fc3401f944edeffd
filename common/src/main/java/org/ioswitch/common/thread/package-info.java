/**
 * The one thread factory (virtual threads on 21+, daemon platform threads on 17), shared by connections, tunnels and
 * the relay so no layer depends on another just to start a thread.
 */
package org.ioswitch.common.thread;
