/** Authentication shared by the server and the switchbox: salted slow password hashes. */
package org.ioswitch.common.auth;
