package io.nanoedge.config;

/** A usage or configuration error: the launcher prints the message on one line and exits with code 2. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
