/** ioswitch server module. */
package org.ioswitch.server;
