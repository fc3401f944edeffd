package org.ioswitch.certs.ca;

/** What an end-entity certificate is for; sets its extended key usage. */
public enum Usage {
    SERVER,
    CLIENT,
    SERVER_AND_CLIENT,
    /**
     * A node of a switchbox cluster: serverAuth and clientAuth (the node-to-node link is mutual TLS) plus
     * {@link #SWITCHBOX_NODE_OID}, the marker a node's peer port requires. A home server's or device's certificate from
     * the same organization lacks it, so it cannot pose as a node.
     */
    SWITCHBOX_NODE;

    /**
     * Extended key usage "ioswitch switchbox cluster node": an OID under the UUID arc 2.25 (ITU-T X.667), which needs
     * no registration and cannot collide with another project's.
     */
    public static final String SWITCHBOX_NODE_OID = "2.25.203933413457294412553779453497311434589";
}
