import { listOwnPrincipalNames } from '../accounts/index.ts';
import type { UnitView } from '../services/index.ts';
import type { ApiContext } from './context.ts';

/** The names `caller` acts under: its own and its self-service keys' (src/accounts/key-names.ts). */
export async function readOwnNames(context: ApiContext, caller: UnitView): Promise<string[]> {
  return listOwnPrincipalNames(caller, await context.units.listUnits());
}
