/**
 * The ioswitch wire protocol: the hello preamble and the frames that follow it. {@link
 * org.ioswitch.common.wire.FrameReader} and {@link org.ioswitch.common.wire.FrameWriter} move
 * {@link org.ioswitch.common.wire.Frame} records over a stream; {@code docs/protocol.md} describes the bytes.
 */
package org.ioswitch.common.wire;
