// The two packages' names, for whatever prints or installs them: the docs' samples and quick start,
// the tests that pack and install them. test/ci/package-files.test.ts holds them to the manifests.

/** The typed client: an app's dependency. */
export const clientPackage = 'plaid-user-financial-data-refresh';
/** The CLI, the mock and the contract suite: a dev dependency released with the client. */
export const toolkitPackage = 'plaid-user-financial-data-refresh-toolkit';
