import type { Intervention } from '../../documents/interventions/interventions.schemas.js';
import { CHANNEL_LABELS, OUTCOME_LABELS, STATUS_LABELS, type Channel, type Outcome } from '../../documents/interventions/interventions.schemas.js';
import { KIND_TITLES } from '../generate/generate.form.js';
import type { DocumentKind } from '../../documents/request.schemas.js';

/** An intervention as the pages show it: labels for its vocabularies, its deadline in words. */
export function interventionView(i: Intervention) {
  const due = i.replyDue === null ? null
    : i.daysUntilDue === null ? i.replyDue
      : i.daysUntilDue < 0 ? `${i.replyDue} — overdue by ${-i.daysUntilDue} ${-i.daysUntilDue === 1 ? 'day' : 'days'}`
        : i.daysUntilDue === 0 ? `${i.replyDue} — today` : `${i.replyDue} — in ${i.daysUntilDue} ${i.daysUntilDue === 1 ? 'day' : 'days'}`;
  return {
    ...i,
    href: `/interventions/${i.id}`,
    kindTitle: KIND_TITLES[i.documentKind as DocumentKind] ?? i.documentKind,
    channelLabel: CHANNEL_LABELS[i.channel as Channel] ?? i.channel,
    outcomeLabel: i.outcome ? OUTCOME_LABELS[i.outcome as Outcome] ?? i.outcome : null,
    statusLabel: STATUS_LABELS[i.status],
    recipients: [...i.mandates.map((m) => m.title), ...i.addressees.map((a) => a.title)],
    dueText: due,
    replyFileHref: i.reply?.file ? `/api/v1/interventions/${i.id}/reply/file` : null,
  };
}
