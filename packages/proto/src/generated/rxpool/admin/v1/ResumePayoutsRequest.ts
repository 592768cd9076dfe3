// Original file: proto/rxpool/admin/v1/admin.proto


export interface ResumePayoutsRequestInput {
}

export interface ResumePayoutsRequest {
}
