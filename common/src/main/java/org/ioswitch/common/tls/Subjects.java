package org.ioswitch.common.tls;

import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reads one attribute of a distinguished name. */
final class Subjects {
    private Subjects() {
    }

    /** The first value of the attribute with this OID, e.g. the CN. */
    static Optional<String> field(X500Principal principal, String oid) {
        X500Name name = X500Name.getInstance(principal.getEncoded());
        RDN[] rdns = name.getRDNs(new ASN1ObjectIdentifier(oid));
        if (rdns.length == 0) {
            return Optional.empty();
        }
        return Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
    }
}
