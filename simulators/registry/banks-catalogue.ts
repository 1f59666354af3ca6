/** The simulated banks: BIC, name, IBAN bank identifier and default answer delay. */
export const SIMULATED_BANKS = {
  HABALV22: { name: 'Swedbank AS', ibanBankId: 'HABA', defaultDelayMs: 2_000 },
  UNLALV2X: { name: 'AS SEB banka', ibanBankId: 'UNLA', defaultDelayMs: 5_000 },
  RIKOLV2X: { name: 'AS Citadele banka', ibanBankId: 'RIKO', defaultDelayMs: 15_000 },
} as const;

export type SimulatedBankCode = keyof typeof SIMULATED_BANKS;
export const SIMULATED_BANK_CODES = Object.keys(SIMULATED_BANKS) as SimulatedBankCode[];

export function isSimulatedBankCode(code: string): code is SimulatedBankCode {
  return Object.hasOwn(SIMULATED_BANKS, code);
}
