/**
 * Test fixtures every module's tests share (the {@code ioswitch-common} test-jar): an organization with its root and
 * certificates in PEM ({@link org.ioswitch.common.testing.TestOrg}), a movable clock, an own-thread executor and
 * waiting with a deadline. Nothing here uses JUnit, so a benchmark may use it too.
 */
package org.ioswitch.common.testing;
