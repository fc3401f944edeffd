package org.ioswitch.certs.ca;

/** What an end-entity certificate is for; sets its extended key usage. */
public enum Usage {
    SERVER,
    CLIENT,
    SERVER_AND_CLIENT
}
