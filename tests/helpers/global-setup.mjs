// Jest loads global set-up outside its module mapper; tsx loads the TypeScript implementation as ESM.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const mod = await tsImport('./stack-setup.ts', import.meta.url);
  await mod.default();
}
