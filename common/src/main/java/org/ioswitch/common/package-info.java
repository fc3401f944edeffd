/** ioswitch common module. */
package org.ioswitch.common;
