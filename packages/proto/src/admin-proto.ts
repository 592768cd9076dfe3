import { fileURLToPath } from 'node:url';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/index.js';

/** Folder holding the .proto tree (import root). */
export const PROTO_ROOT = fileURLToPath(new URL('../proto/', import.meta.url));
/** The AdminService definition, relative to PROTO_ROOT. */
export const ADMIN_PROTO_FILE = 'rxpool/admin/v1/admin.proto';
export const ADMIN_PROTO_PATH = `${PROTO_ROOT}${ADMIN_PROTO_FILE}`;
export const ADMIN_PACKAGE = 'rxpool.admin.v1';
export const ADMIN_SERVICE_NAME = `${ADMIN_PACKAGE}.AdminService`;

/**
 * How every side loads the file, so the types generated into src/generated
 * (scripts/gen-types.mjs passes the generator these options) hold: fields in
 * camelCase, 64-bit integers and enums as strings (no precision lost), every
 * field present with its default.
 */
export const ADMIN_LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

export function loadAdminPackageDefinition(): PackageDefinition {
  return loadSync(ADMIN_PROTO_FILE, ADMIN_LOADER_OPTIONS);
}

export type AdminServiceConstructor = ProtoGrpcType['rxpool']['admin']['v1']['AdminService'];

/** The AdminService client constructor (and `.service`, its definition for a server). */
export function adminServiceConstructor(definition = loadAdminPackageDefinition()): AdminServiceConstructor {
  // The generated ProtoGrpcType is the shape loadPackageDefinition gives for this file.
  return (loadPackageDefinition(definition) as unknown as ProtoGrpcType).rxpool.admin.v1.AdminService;
}
