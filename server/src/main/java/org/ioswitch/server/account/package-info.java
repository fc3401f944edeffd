/**
 * Accounts of the networks a home server serves: privileges, per-block read/write rules, salted password hashes,
 * the {@code accounts.json} store that a running server re-reads when it changes, and login throttling.
 */
package org.ioswitch.server.account;
