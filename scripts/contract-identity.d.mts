export interface ContractIdentity { clientId: string; secret: string; userId: string; userIdWithFailures: string }
export const referenceIdentity: ContractIdentity;
export function contractIdentity(env?: Record<string, string | undefined>): ContractIdentity;
export function identityFields(identity?: Partial<ContractIdentity>): Record<string, string | undefined>;
