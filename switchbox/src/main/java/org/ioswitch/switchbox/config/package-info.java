/** The switchbox's {@code config.json}: strict JSON onto {@link org.ioswitch.switchbox.SwitchboxOptions}. */
package org.ioswitch.switchbox.config;
