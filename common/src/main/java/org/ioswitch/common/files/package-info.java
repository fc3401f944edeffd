/** Files written so a crash leaves the old or the new content, with owner-only secrets (DESIGN §5). */
package org.ioswitch.common.files;
