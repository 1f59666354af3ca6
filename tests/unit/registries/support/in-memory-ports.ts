/** In-memory implementations of the registry ports, for tests only. */
import type { RegistryPorts, RegistryRequestLogEntry } from '../../../../activities/registries/ports.js';
import type { RegistryCode } from '../../../../activities/registries/types.js';
import { loadFixtures } from '../../../../simulators/registry/fixtures.js';

export interface StoredSnapshot {
  snapshotDocumentId: string;
  caseId: string;
  registry: RegistryCode;
  subjectPersonId: string;
  requestId: string;
  receivedAt: string;
  payload: unknown;
}

export interface InMemoryPorts extends RegistryPorts {
  codes: Map<string, string>;
  requests: RegistryRequestLogEntry[];
  snapshots: StoredSnapshot[];
  notifications: { caseId: string; workflowId: string; banks: string[] }[];
  households: { caseId: string; subjectPersonId: string; requestId: string; memberPersonIds: string[] }[];
}

/** Person ids are the fixture dossier ids (e.g. "h1-berzins-janis"); unknown persons get "person-N". */
export function createInMemoryPorts(extra: Record<string, string> = {}): InMemoryPorts {
  const codes = new Map<string, string>(loadFixtures().map((d) => [d.id, d.person.personalCode]));
  for (const [id, code] of Object.entries(extra)) codes.set(id, code);
  const requests: RegistryRequestLogEntry[] = [];
  const snapshots: StoredSnapshot[] = [];
  const notifications: InMemoryPorts['notifications'] = [];
  const households: InMemoryPorts['households'] = [];
  let next = 0;
  return {
    codes,
    requests,
    snapshots,
    notifications,
    households,
    persons: {
      async personalCodeOf(personId) {
        const code = codes.get(personId);
        if (code === undefined) throw new Error(`unknown person ${personId}`);
        return code;
      },
      async personIdOf(person) {
        for (const [id, code] of codes) if (code === person.personalCode) return id;
        next += 1;
        const id = `person-${next}`;
        codes.set(id, person.personalCode);
        return id;
      },
    },
    evidence: {
      async storeSnapshot(input) {
        const snapshotDocumentId = `snapshot-${snapshots.length + 1}`;
        snapshots.push({ snapshotDocumentId, ...structuredClone(input) });
        return { snapshotDocumentId };
      },
    },
    requestLog: {
      async record(entry) {
        requests.push(entry);
      },
    },
    notifier: {
      async bankDidNotAnswer(input) {
        notifications.push(input);
      },
    },
    household: {
      async recordRegisteredHousehold(input) {
        households.push(structuredClone(input));
      },
    },
  };
}
