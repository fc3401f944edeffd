/** ioswitch certs module. */
package org.ioswitch.certs;
