/** Network addresses as users write them. */
package org.ioswitch.common.net;
