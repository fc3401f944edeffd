/** The clock floor: the earliest instant it can be, for hosts without a real-time clock (DESIGN §4, §5). */
package org.ioswitch.common.clock;
