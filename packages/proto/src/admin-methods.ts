import type { MethodDefinition } from '@grpc/proto-loader';
import type { AdminServiceDefinition } from './generated/index.js';

/** The AdminService methods as the generated definition names them (without its index signature). */
export type AdminMethodName = keyof {
  [K in keyof AdminServiceDefinition as string extends K ? never : number extends K ? never : K]: K;
};

type Method<M extends AdminMethodName> =
  AdminServiceDefinition[M] extends MethodDefinition<infer Input, infer _Res, infer Request, infer Response>
    ? { input: Input; request: Request; response: Response }
    : never;

/** What a caller sends: every field optional (the server sees its default when left out). */
export type AdminRequestInput<M extends AdminMethodName> = Method<M>['input'];
/** The request as the server decodes it: every field present. */
export type AdminRequest<M extends AdminMethodName> = Method<M>['request'];
/** The response, every field present (what a handler returns and the client receives). */
export type AdminResponse<M extends AdminMethodName> = Method<M>['response'];

/** Every method, for a server that registers them all (the proto test checks none is missing). */
export const ADMIN_METHODS: readonly AdminMethodName[] = [
  'GetPoolStats',
  'ListMiners',
  'GetMiner',
  'ListBlocks',
  'GetBlockRewards',
  'ListPayments',
  'BanMiner',
  'UnbanMiner',
  'ListBans',
  'HoldPayouts',
  'ResumePayouts',
  'ResolvePayout',
  'RecheckBlock',
];
