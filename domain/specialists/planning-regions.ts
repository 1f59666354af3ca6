/**
 * The five planning regions and the municipalities (ATVK 2021 codes) in each, for BAC's training demand forecast.
 * Organisations without a municipality (national bodies) are counted under `national`.
 */
export const PLANNING_REGIONS = ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'] as const;
export type PlanningRegion = (typeof PLANNING_REGIONS)[number];
export type DemandRegion = PlanningRegion | 'national';

const MEMBERS: Readonly<Record<PlanningRegion, readonly string[]>> = {
  // Rīga, Jūrmala, Ādaži, Ķekava, Limbaži, Mārupe, Ogre, Olaine, Ropaži, Salaspils, Saulkrasti, Sigulda, Tukums
  riga: [
    '0001000',
    '0004000',
    '0023000',
    '0034000',
    '0035000',
    '0039000',
    '0040000',
    '0041000',
    '0044000',
    '0045000',
    '0047000',
    '0048000',
    '0052000',
  ],
  // Alūksne, Cēsis, Gulbene, Madona, Smiltene, Valka, Valmiera, Varakļāni
  vidzeme: ['0021000', '0026000', '0029000', '0038001', '0049000', '0053000', '0054000', '0055000'],
  // Liepāja, Ventspils (city), Dienvidkurzeme, Kuldīga, Saldus, Talsi, Ventspils novads
  kurzeme: ['0005000', '0007000', '0027000', '0033000', '0046000', '0051000', '0056000'],
  // Jelgava (city), Aizkraukle, Bauska, Dobele, Jelgavas novads, Jēkabpils novads
  zemgale: ['0003000', '0020000', '0025000', '0028000', '0030000', '0031000'],
  // Daugavpils, Rēzekne (city), Augšdaugava, Balvi, Krāslava, Līvāni, Ludza, Preiļi, Rēzeknes novads
  latgale: [
    '0002000',
    '0006000',
    '0022000',
    '0024000',
    '0032000',
    '0036000',
    '0037000',
    '0042000',
    '0043000',
  ],
};

const BY_MUNICIPALITY = new Map<string, PlanningRegion>(
  PLANNING_REGIONS.flatMap((r) => MEMBERS[r].map((atvk) => [atvk, r] as const)),
);

export function planningRegionOf(municipalityAtvk: string | null): DemandRegion {
  return (municipalityAtvk && BY_MUNICIPALITY.get(municipalityAtvk)) || 'national';
}

export function municipalitiesOf(region: PlanningRegion): readonly string[] {
  return MEMBERS[region];
}
