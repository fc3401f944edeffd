/**
 * The switchbox as a cluster: claims in etcd ({@link org.ioswitch.switchbox.cluster.EtcdTunnelRegistry}), node links
 * that carry clients to the node holding their network's tunnel, and the node certificate rule of the peer port.
 * See docs/cluster.md.
 */
package org.ioswitch.switchbox.cluster;
