/**
 * The replication hub: per network, the devices and the latest snapshot of each of their blocks, and who listens.
 * Networks are kept apart by construction: every lookup goes through one {@link org.ioswitch.server.registry.Network}.
 */
package org.ioswitch.server.registry;
