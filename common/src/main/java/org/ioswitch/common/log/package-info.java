/** Log lines about peers, collapsed per address so that misbehaving peers cannot flood the log. */
package org.ioswitch.common.log;
