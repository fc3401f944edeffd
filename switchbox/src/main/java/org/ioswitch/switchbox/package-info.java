/** ioswitch switchbox module. */
package org.ioswitch.switchbox;
