/** Authentication shared by the server and the switchbox: salted slow password hashes, the login throttle. */
package org.ioswitch.common.auth;
