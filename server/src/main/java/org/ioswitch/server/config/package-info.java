/** The server directory: its layout, {@code server init}, and reading {@code config.json} into options. */
package org.ioswitch.server.config;
