/** Custom search attributes DigiSoc workflows carry, registered idempotently on the namespace at start-up. */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';

export const SA_CASE_ID = defineSearchAttributeKey('DigisocCaseId', SearchAttributeType.KEYWORD);
export const SA_MUNICIPALITY = defineSearchAttributeKey('DigisocMunicipality', SearchAttributeType.KEYWORD);
export const SA_PROCESS = defineSearchAttributeKey('DigisocProcess', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [SA_CASE_ID, SA_MUNICIPALITY, SA_PROCESS];

/** `temporal server start-dev --search-attribute` flags for the local dev server. */
export function devServerSearchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTES.flatMap((sa) => ['--search-attribute', `${sa.name}=Keyword`]);
}

export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = SEARCH_ATTRIBUTES.filter((sa) => !(sa.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((sa) => [sa.name, proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
}
