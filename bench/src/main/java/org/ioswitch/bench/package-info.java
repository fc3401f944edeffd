/** ioswitch bench module. */
package org.ioswitch.bench;
