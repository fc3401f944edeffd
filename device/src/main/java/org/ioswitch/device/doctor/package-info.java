/** {@code ioswitch doctor}: why a connection would be refused, from the client's side, and what to change. */
package org.ioswitch.device.doctor;
