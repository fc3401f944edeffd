/** Publisher accounts: who may publish which networks, with PBKDF2 password hashes or client-certificate names. */
package org.ioswitch.switchbox.account;
