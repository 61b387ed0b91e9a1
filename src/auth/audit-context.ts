import type { FastifyRequest } from 'fastify';
import type { AuditEvent } from './audit.repository.js';
import { ANONYMOUS, type Principal } from './roles.js';

/** Who, from where, in which request: the part of an audit row the request provides. */
export type AuditContext = Pick<AuditEvent, 'actor' | 'actorType' | 'ip' | 'requestId'>;

export function auditContextOf(request: FastifyRequest, principal: Principal = request.principal ?? ANONYMOUS): AuditContext {
  return {
    actor: principal.kind === 'anonymous' ? 'anonymous' : principal.name,
    actorType: principal.kind,
    ip: request.ip,
    requestId: String(request.id),
  };
}

/** Start-up and command-line actions. */
export const SYSTEM: AuditContext = { actor: 'system', actorType: 'system', ip: null, requestId: null };
