/** Retry-safe writes: the first answer to each Idempotency-Key, kept until it expires. */
export interface IdempotencyKeysTable {
  key: string;
  route: string;
  actor: string;
  request_hash: string;
  state: 'running' | 'done';
  claim_token: string;
  owner: string;
  locked_until: Date;
  status_code: number | null;
  response_body: string | null;
  response_headers: Record<string, string> | null;
  created_at: Date;
  expires_at: Date;
}
export interface IdempotencyTables {
  idempotency_keys: IdempotencyKeysTable;
}
