package org.ioswitch.device.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.ioswitch.common.clock.ClockFloor;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.tls.ExpiryPolicy;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.doctor.Doctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ioswitch doctor HOST:PORT} (also {@code ioswitch device doctor}): would a connection succeed, and if not why. */
@Command(name = "doctor", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Explain, from the client's side, whether a TLS connection to HOST:PORT with these settings would "
                + "succeed: the presented chain, the name, trust, CRL, protocol and cipher, and the one reason and fix. "
                + "Exit 0 if it would succeed, 1 if not. Works against any TLS server.")
final class DoctorCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "the server, switchbox or any TLS server")
    String address;

    @Option(names = "--dir", paramLabel = "D",
            description = "a device state directory: use its config's tls settings and its saved clock floor")
    Path dir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "deadline per connection")
    long timeoutSeconds;

    @Mixin
    TlsMixin tls;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HostPort where = HostPort.parse(address, 6369);
        TlsOptions options;
        ClockFloor floor = dir == null ? ClockFloor.buildTimeOnly() : ClockFloor.start(dir);
        try (floor) {
            com.google.gson.JsonObject base = dir == null ? new com.google.gson.JsonObject()
                    : org.ioswitch.device.state.DeviceState.open(dir).config().tls();
            // A device's defaults (expiry=warn, as device run has them); the options given here override.
            options = TlsJson.toOptions(tls.toJson(base), dir == null ? Path.of("").toAbsolutePath()
                    : dir.toAbsolutePath(), TlsOptions.builder().expiry(ExpiryPolicy.WARN)
                            .clockFloor(floor), dir == null ? "command line" : dir + "/config.json");
            Doctor.Report report = Doctor.examine(where.host(), where.port(), options,
                    Duration.ofSeconds(timeoutSeconds));
            spec.commandLine().getOut().print(report.text());
            spec.commandLine().getOut().flush();
            return report.wouldSucceed() ? 0 : 1;
        }
    }
}
