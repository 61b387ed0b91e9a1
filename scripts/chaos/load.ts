/**
 * Write load as a careful client sends it: every write carries an Idempotency-Key, and a write
 * that gets no answer, a 503 or a 409 ("still running") is sent again — same key, same body —
 * until it is acknowledged. Each bundle holds one new incident (with its person and source);
 * every few bundles, a document is generated about the new incident.
 */

export interface AcknowledgedBundle {
  kind: 'bundle';
  idempotencyKey: string;
  incidentKey: string;
  title: string;
  /** incidents.created in the acknowledgement: 1 unless the import ran twice. */
  created: number;
}

export interface AcknowledgedDocument {
  kind: 'document';
  idempotencyKey: string;
  incidentKey: string;
  id: string;
}

export interface LoadStats {
  /** Logical writes started (each may take several attempts). */
  sent: number;
  attempts: number;
  acknowledged: Array<AcknowledgedBundle | AcknowledgedDocument>;
  /** Writes that got no 2xx before their deadline. */
  unacknowledged: Array<{ idempotencyKey: string; incidentKey: string; last: string }>;
  /** Answers by status ('transport' for no answer at all). */
  byStatus: Record<string, number>;
  /** Every answer with the time it came and when its attempt was sent. */
  answers: Array<{ sentAt: number; at: number; status: number | 'transport' }>;
}

export interface LoadOptions {
  baseUrl: string;
  headers: Record<string, string>;
  /** Distinguishes this run's records from any other's. */
  prefix: string;
  workers: number;
  /** A document after every n-th bundle (0: none). */
  documentEvery: number;
  /** How long one write may keep retrying before it counts as unacknowledged. */
  writeDeadlineMs: number;
}

const RETRY_STATUSES = new Set([409, 429, 500, 502, 503, 504]);

/** 1 → "Ba", 2 → "Ca" …: names made of letters, as names are (a digit would read as a surname). */
function lettersFor(n: number): string {
  let out = '';
  for (let v = n; v > 0 || out.length < 2; v = Math.floor(v / 26)) out += String.fromCharCode(97 + (v % 26));
  return out[0]!.toUpperCase() + out.slice(1);
}

export function chaosBundle(prefix: string, n: number) {
  const incidentKey = `${prefix}-incident-${n}`;
  const surname = lettersFor(n);
  return {
    incidentKey,
    title: `Chaos test incident ${n}`,
    body: {
      bundleVersion: 1,
      country: { code: 'KZ', name: 'Kazakhstan' },
      period: { from: '2018-01-01', to: '2018-03-31' },
      persons: [{
        key: `${prefix}-person-${n}`, kind: 'individual', name: `Aigerim ${surname}ova`, pseudonym: `Person ${n}`,
        consent: { unSubmission: true, publicNaming: true, stateTransmission: true },
      }],
      sources: [{ key: `${prefix}-source-${n}`, type: 'monitoring', title: `Monitoring note ${n}`, reliability: 'B', date: '2018-03-01' }],
      incidents: [{
        key: incidentKey, title: `Chaos test incident ${n}`, date: '2018-03-01', dateAccuracy: 'exact',
        location: { place: 'Almaty' }, rights: ['peaceful-assembly'], violations: ['detention'],
        summary: `Police detained Aigerim ${surname}ova after a peaceful picket in Almaty.`, victims: [`${prefix}-person-${n}`],
        status: 'ongoing', sources: [{ source: `${prefix}-source-${n}`, credibility: 2 }],
      }],
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class WriteLoad {
  readonly stats: LoadStats = { sent: 0, attempts: 0, acknowledged: [], unacknowledged: [], byStatus: {}, answers: [] };
  private running = false;
  private next = 0;
  private workers: Array<Promise<void>> = [];

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    this.running = true;
    for (let w = 0; w < this.options.workers; w++) this.workers.push(this.work());
  }

  /** Stops starting new writes and waits until every started one is acknowledged or has given up. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    while (this.running) {
      const n = ++this.next;
      const { incidentKey, title, body } = chaosBundle(this.options.prefix, n);
      const bundleKey = `${this.options.prefix}-bundle-${n}`;
      const bundle = await this.send('/api/v1/bundles', bundleKey, body, incidentKey);
      if (!bundle) continue;
      const created = (bundle as { incidents?: { created?: number } }).incidents?.created ?? 0;
      this.stats.acknowledged.push({ kind: 'bundle', idempotencyKey: bundleKey, incidentKey, title, created });
      if (this.options.documentEvery > 0 && n % this.options.documentEvery === 0) {
        const documentKey = `${this.options.prefix}-document-${n}`;
        const request = {
          kind: 'urgent-appeal', format: 'docx', selection: { incidents: [incidentKey] },
          options: { appealCode: 'KAZ 001/0318/OBS 025' },
        };
        const document = await this.send('/api/v1/documents', documentKey, request, incidentKey);
        if (document) this.stats.acknowledged.push({ kind: 'document', idempotencyKey: documentKey, incidentKey, id: (document as { id: string }).id });
      }
    }
  }

  /** Sends one write until it is acknowledged; returns its body, or null when it gave up. */
  private async send(path: string, idempotencyKey: string, body: unknown, incidentKey: string): Promise<unknown> {
    this.stats.sent++;
    const deadline = Date.now() + this.options.writeDeadlineMs;
    let delay = 100;
    let last = '';
    while (Date.now() < deadline) {
      this.stats.attempts++;
      const sentAt = Date.now();
      let status: number | 'transport';
      let text = '';
      try {
        const res = await fetch(`${this.options.baseUrl}${path}`, {
          method: 'POST',
          headers: { ...this.options.headers, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        });
        status = res.status;
        text = await res.text();
      } catch (err) {
        status = 'transport';
        text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
      this.stats.answers.push({ sentAt, at: Date.now(), status });
      this.stats.byStatus[status] = (this.stats.byStatus[status] ?? 0) + 1;
      if (typeof status === 'number' && status >= 200 && status < 300) return JSON.parse(text) as unknown;
      last = `${status} ${text.slice(0, 200)}`;
      if (typeof status === 'number' && !RETRY_STATUSES.has(status)) break;
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 1000);
    }
    this.stats.unacknowledged.push({ idempotencyKey, incidentKey, last });
    return null;
  }
}
