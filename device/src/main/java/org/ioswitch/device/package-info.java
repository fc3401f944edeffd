/** ioswitch device module. */
package org.ioswitch.device;
