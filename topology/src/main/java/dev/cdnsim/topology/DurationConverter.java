package dev.cdnsim.topology;

import dev.cdnsim.topology.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A command-line duration written as in topology files: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code PT5S}. */
class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return DurationText.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
