/** Whether a person is at the other end of stdin and stdout: prompts, confirmations, tables drawn in place. */
package org.ioswitch.common.terminal;
