/**
 * The demo provider (issue 22): the Rīga social service's care office RSD-APRUPE, which the demo's granted services
 * name, is a registered provider with a certificate decided on 2024-02-29 (valid to 2029-02-27). Idempotent.
 */
import { certificateValidTo } from '../../domain/providers/index.js';
import { Provider, ProviderApplication, ProviderCertificate } from './entities/index.js';
import type { Em } from './orm.js';
import { newId } from '../ids.js';

export const DEMO_REGISTERED_PROVIDER = {
  code: 'RSD-APRUPE',
  legalName: 'Rīgas Sociālais dienests: Aprūpes birojs',
  registrationNo: '90011524360',
  decidedOn: '2024-02-29',
  addresses: [
    {
      address: 'Baznīcas iela 19/23, Rīga, LV-1010',
      municipalityAtvk: '0001000',
      services: [
        { serviceType: 'home-care', capacity: 400 },
        { serviceType: 'long-term-institutional-care', capacity: 40 },
      ],
    },
  ],
} as const;

export async function seedDemoProvider(em: Em): Promise<string> {
  const d = DEMO_REGISTERED_PROVIDER;
  const now = new Date();
  let p = await em.findOne(Provider, { code: d.code });
  if (p?.state === 'registered') return p.id;
  if (!p) {
    p = em.create(Provider, {
      id: newId(),
      code: d.code,
      legalName: d.legalName,
      registrationNo: d.registrationNo,
      state: 'registered',
      addresses: d.addresses.map((a) => ({ ...a, services: a.services.map((s) => ({ ...s })) })),
      freePlaces: { 'long-term-institutional-care': 2 },
      withdrawnOn: null,
      createdAt: now,
      updatedAt: now,
    });
  } else {
    Object.assign(p, {
      registrationNo: d.registrationNo,
      state: 'registered',
      addresses: d.addresses.map((a) => ({ ...a, services: a.services.map((s) => ({ ...s })) })),
      updatedAt: now,
    });
  }
  const applicationId = newId();
  em.create(ProviderApplication, {
    id: applicationId,
    providerId: p.id,
    kind: 'registration',
    state: 'decided',
    legalName: d.legalName,
    registrationNo: d.registrationNo,
    addresses: p.addresses,
    effectiveOn: null,
    submittedBy: 'seed',
    submittedAt: now,
    decidedOn: d.decidedOn,
    decidedBy: 'seed',
    reason: null,
    letterHtml: null,
  });
  em.create(ProviderCertificate, {
    id: newId(),
    providerId: p.id,
    applicationId,
    certificateNo: 'SPR-2024-00001',
    validFrom: d.decidedOn,
    validTo: certificateValidTo(d.decidedOn),
    decidedBy: 'seed',
    createdAt: now,
  });
  await em.flush();
  return p.id;
}
