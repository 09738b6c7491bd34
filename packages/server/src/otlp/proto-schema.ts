import { fileURLToPath } from 'node:url';
import path from 'node:path';
import protobuf from 'protobufjs';

/** The vendored official protos ship with the package (`files: ["proto"]`), next to `dist/`. */
export const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

const SERVICE_FILE = 'opentelemetry/proto/collector/trace/v1/trace_service.proto';

/** The protobuf types the server reads and writes. */
export interface OtlpSchema {
  request: protobuf.Type;
  response: protobuf.Type;
  /** `google.rpc.Status` (code, message) for error bodies, as the OTLP/HTTP spec asks. */
  status: protobuf.Type;
}

let schema: OtlpSchema | undefined;

/** Loads the protos on first use and returns the same types afterwards. Throws if the folder is missing. */
export function otlpSchema(): OtlpSchema {
  if (schema) return schema;
  const root = new protobuf.Root();
  // Imports inside the protos are written relative to the proto root, not to the importing file.
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_DIR, target));
  root.loadSync(SERVICE_FILE);
  root.resolveAll();
  schema = {
    request: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    response: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    status: googleRpcStatus(),
  };
  return schema;
}

/**
 * google/rpc/status.proto is not vendored; only `code` and `message` are ever written, so the
 * type is declared here (field numbers as in the official file; `details` is left out).
 */
function googleRpcStatus(): protobuf.Type {
  const type = new protobuf.Type('Status')
    .add(new protobuf.Field('code', 1, 'int32'))
    .add(new protobuf.Field('message', 2, 'string'));
  new protobuf.Root().define('google.rpc').add(type);
  return type;
}
