/**
 * Thrown when an OTLP body cannot be decoded at all (not protobuf, not JSON, wrong shape).
 * The message is one line meant for the sender, e.g. `invalid OTLP protobuf: index out of range`.
 * Individually broken spans do not throw; they are counted as rejected instead.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}
