package org.ioswitch.common.block;

import java.util.Objects;

/**
 * A device id: {@code name + number + "." + network}, e.g. {@code gina3.pekkahome}. The number is optional
 * ({@code gina.pekkahome}) or a wildcard ({@code gina*.pekkahome}: the server assigns it). The name is letters
 * and underscores only, so the number can follow it without a separator.
 *
 * @param name device name, {@code [A-Za-z_]+}, at most {@value #MAX_NAME_LENGTH} characters
 * @param number the number, or {@link #NO_NUMBER} or {@link #WILDCARD}
 * @param network network name, {@code [a-z0-9_-]+}, at most {@value #MAX_NETWORK_LENGTH} characters
 */
public record DeviceId(String name, int number, String network) {
    /** No number: {@code gina.pekkahome}. */
    public static final int NO_NUMBER = -1;
    /** Let the server assign a number: {@code gina*.pekkahome}. */
    public static final int WILDCARD = -2;
    /** Longest device name (iocom IOC_NAME_SZ 16 with its NUL). */
    public static final int MAX_NAME_LENGTH = 15;
    /** Longest network name (iocom IOC_NETWORK_NAME_SZ 24 with its NUL). */
    public static final int MAX_NETWORK_LENGTH = 23;
    /** Largest device number: nine digits. */
    public static final int MAX_NUMBER = 999_999_999;

    /** Checks the fields; an IllegalArgumentException names what is wrong. Use {@link #parse} for input. */
    public DeviceId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        String problem = checkName(name);
        if (problem == null) {
            problem = checkNetwork(network);
        }
        if (problem == null && (number < WILDCARD || number > MAX_NUMBER)) {
            problem = "number must be 0.." + MAX_NUMBER + ", was " + number;
        }
        if (problem != null) {
            throw new IllegalArgumentException("device id " + name + "." + network + ": " + problem);
        }
    }

    /**
     * Parses {@code gina3.pekkahome}, {@code gina*.pekkahome} or {@code gina.pekkahome}.
     *
     * @throws DeviceIdException naming the text and what is wrong with it
     */
    public static DeviceId parse(String text) throws DeviceIdException {
        if (text == null || text.isEmpty()) {
            throw new DeviceIdException("device id is empty, expected name[number].network like gina3.pekkahome");
        }
        int dot = text.indexOf('.');
        if (dot < 0) {
            throw new DeviceIdException("device id \"" + text + "\": no network, expected name[number].network like gina3.pekkahome");
        }
        String device = text.substring(0, dot);
        String network = text.substring(dot + 1);
        int digits = device.length();
        while (digits > 0 && (Character.isDigit(device.charAt(digits - 1)) || device.charAt(digits - 1) == '*')) {
            digits--;
        }
        String name = device.substring(0, digits);
        String numberText = device.substring(digits);
        String problem = checkName(name);
        if (problem == null) {
            problem = checkNetwork(network);
        }
        int number = NO_NUMBER;
        if (problem == null && !numberText.isEmpty()) {
            if (numberText.equals("*")) {
                number = WILDCARD;
            } else if (!numberText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                problem = "number \"" + numberText + "\" must be digits or a single *";
            } else if (numberText.length() > 9) {
                problem = "number \"" + numberText + "\" has more than 9 digits";
            } else if (numberText.length() > 1 && numberText.charAt(0) == '0') {
                problem = "number \"" + numberText + "\" has a leading zero";
            } else {
                number = Integer.parseInt(numberText);
            }
        }
        if (problem != null) {
            throw new DeviceIdException("device id \"" + text + "\": " + problem);
        }
        return new DeviceId(name, number, network);
    }

    private static String checkName(String name) {
        if (name.isEmpty()) {
            return "name is empty, expected letters or _";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "name \"" + name + "\" is " + name.length() + " characters, limit " + MAX_NAME_LENGTH;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_')) {
                return "name \"" + name + "\" has '" + c + "', expected only letters and _";
            }
        }
        return null;
    }

    private static String checkNetwork(String network) {
        if (network.isEmpty()) {
            return "network is empty, expected [a-z0-9_-]+";
        }
        if (network.length() > MAX_NETWORK_LENGTH) {
            return "network \"" + network + "\" is " + network.length() + " characters, limit " + MAX_NETWORK_LENGTH;
        }
        for (int i = 0; i < network.length(); i++) {
            char c = network.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return "network \"" + network + "\" has '" + c + "', expected only a-z, 0-9, _ and -";
            }
        }
        return null;
    }

    /** True if the number is {@code *}. */
    public boolean isWildcard() {
        return number == WILDCARD;
    }

    /** True if a concrete number is present. */
    public boolean hasNumber() {
        return number >= 0;
    }

    /** The same device with a concrete number, e.g. the one the server assigned. */
    public DeviceId withNumber(int assigned) {
        return new DeviceId(name, assigned, network);
    }

    /** True if this id (possibly a wildcard) matches a concrete id: same name and network, any number for {@code *}. */
    public boolean matches(DeviceId other) {
        return name.equals(other.name) && network.equals(other.network) && (isWildcard() || number == other.number);
    }

    /** The text form, e.g. {@code gina3.pekkahome}. */
    @Override
    public String toString() {
        String n = switch (number) {
            case NO_NUMBER -> "";
            case WILDCARD -> "*";
            default -> Integer.toString(number);
        };
        return name + n + "." + network;
    }
}
