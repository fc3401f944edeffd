package org.ioswitch.certs.ca;

/** What an end-entity certificate is for; sets its extended key usage. */
public enum Usage {
    SERVER,
    CLIENT,
    SERVER_AND_CLIENT,
    /**
     * A node of a switchbox cluster: serverAuth and clientAuth (the node-to-node link is mutual TLS) plus the subject
     * alternative name URI {@link #SWITCHBOX_NODE_URI}, the marker a node's peer port requires. A home server's or
     * device's certificate from the same organization lacks it, so it cannot pose as a node.
     */
    SWITCHBOX_NODE;

    /**
     * The switchbox node marker, a URI in the subject alternative names. Not an extended key usage: an OID of our own
     * would need a registered arc, and etcd (Go) refuses to parse a certificate whose OID arcs exceed 31 bits, as a
     * UUID-based 2.25 arc does, while the node certificate also serves as the node's etcd client certificate.
     */
    public static final String SWITCHBOX_NODE_URI = "urn:ioswitch:switchbox-node";
}
