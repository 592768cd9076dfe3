// Original file: proto/rxpool/admin/v1/admin.proto


export interface HashrateInput {
  'h10m'?: (number | string);
  'h1h'?: (number | string);
  'h24h'?: (number | string);
}

export interface Hashrate {
  'h10m': (number);
  'h1h': (number);
  'h24h': (number);
}
