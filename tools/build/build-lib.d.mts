/** Builds lib/ (or `outdir`): the bundles bin/ runs and a host imports, and their type declarations unless told not. */
export function buildLib(options?: { outdir?: string; declarations?: boolean }): Promise<string>
