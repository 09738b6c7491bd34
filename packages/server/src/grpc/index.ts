export { startGrpcServer, DEFAULT_GRPC_PORT, DEFAULT_MAX_MESSAGE_BYTES, type GrpcServerOptions, type LoupeGrpcServer } from './grpc-server.js';
