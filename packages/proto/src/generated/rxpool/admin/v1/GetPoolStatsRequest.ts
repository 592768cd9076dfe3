// Original file: proto/rxpool/admin/v1/admin.proto


export interface GetPoolStatsRequestInput {
}

export interface GetPoolStatsRequest {
}
